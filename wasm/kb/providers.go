package kb

// ProviderIDs lists the providers in providers/, one <id>.json file each.
var ProviderIDs = []string{
	"aliyun", "aol", "daum", "exmail", "fastmail", "gmx", "google", "icloud", "mailru", "microsoft",
	"naver", "netease", "proton", "qq", "sina", "sohu", "yahoo", "yandex", "zoho",
}
