// Written by `go run ./cmd/mailkey build` from wasm/wire and _locales: do not edit.
// The messages, limits and words the sensor, the hint and the pages share with Go.
'use strict';

globalThis.MailkeyWire = Object.freeze({
  type: Object.freeze({ snapshot: "snapshot", intent: "intent", click: "click", tabFinding: "tab-finding" }),
  action: Object.freeze({ add: "add", revoke: "revoke", dismiss: "dismiss", lookup: "lookup" }),
  limit: Object.freeze({ fields: 60, texts: 40, heads: 12, buttons: 40, text: 500, short: 200, value: 254, url: 2048, label: 100,
    walk: 60000, roots: 200, controls: 2000, near: 6000 }),
  word: Object.freeze({
    serverField: new RegExp("server|host|pop|imap|smtp|服务器|伺服器|服務器|сервер|서버", 'i'),
    pageText: new RegExp("密码|密碼|授权|password|credential|authenti|log ?in|logon|пароль|passwort|비밀번호|失败|错误|error|fail|denied|incorrect|invalid", 'i'),
    search: new RegExp("search|query|搜索|搜尋|検索|поиск|suche|검색", 'i'),
    secretShape: new RegExp("\\b[a-z]{4} [a-z]{4} [a-z]{4} [a-z]{4}\\b|\\b[a-z]{4}-[a-z]{4}-[a-z]{4}-[a-z]{4}\\b|\\b[a-z0-9]{16}\\b", 'i'),
  }),
  key: Object.freeze({ choice: "settings/lang", tabPrefix: "tab/" }),
  locales: Object.freeze(["en","zh_CN","zh_TW","ru","ko","de","ja"]),
});
