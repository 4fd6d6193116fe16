package review

import (
	"strings"
	"sync"

	"mailkey/wasm/kb"
)

// hostFamilies are host name suffixes that the knowledge base's own hosts
// and domains do not cover, or cover for one provider where the host serves
// several: Exchange Online's servers (*.prod.outlook.com, outlook.office365.com)
// answer for Outlook.com and Microsoft 365 alike. They are checked before
// the knowledge base.
var hostFamilies = []struct {
	suffix string
	ids    []string
}{
	{"prod.outlook.com", microsoft},
	{"office365.com", microsoft},
	{"aka.ms", microsoft},
	{"google.com", google},
	{"messagingengine.com", []string{"fastmail"}},
}

// mailServerPrefixes start the names of mail servers (imap.example.com).
var mailServerPrefixes = []string{"smtp.", "smtps.", "imap.", "imaps.", "pop.", "pop3.", "mail.", "mx."}

// hostsIn returns the host names in a lowercased text, and the domains of
// its addresses (user@domain).
func hostsIn(s string) (hosts, domains []string) {
	tokens := strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_' || r == '@')
	})
	for _, t := range tokens {
		parts := strings.Split(t, "@")
		if len(parts) == 1 {
			if h := strings.Trim(t, ".-_"); isHostName(h) {
				hosts = append(hosts, h)
			}
			continue
		}
		for _, d := range parts[1:] { // parts[0] is the user
			if d = strings.Trim(d, ".-_"); isHostName(d) {
				domains = append(domains, d)
			}
		}
	}
	return hosts, domains
}

// isHostName reports whether s is a host name with a top-level domain of
// letters (so not an IP address or a version number).
func isHostName(s string) bool {
	labels := strings.Split(s, ".")
	if len(labels) < 2 || len(s) > 253 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 {
			return false
		}
	}
	tld := labels[len(labels)-1]
	if len(tld) < 2 {
		return false
	}
	for _, c := range tld {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

func looksMailServer(h string) bool {
	for _, p := range mailServerPrefixes {
		if strings.HasPrefix(h, p) {
			return true
		}
	}
	return false
}

// resolveHost returns the providers a host name belongs to: a family's, or
// the first of the host and its parent domains that the knowledge base
// knows as a server, a page host, an address domain or a servers' zone (the
// domain under a server's name: qq.com for pop.qq.com).
func resolveHost(k *kb.KB, h string) []*kb.Provider {
	for _, f := range hostFamilies {
		if h == f.suffix || strings.HasSuffix(h, "."+f.suffix) {
			if ps := resolveIDs(k, f.ids); len(ps) > 0 {
				return ps
			}
		}
	}
	zones := serverZones(k)
	for d := h; strings.Contains(d, "."); d = d[strings.IndexByte(d, '.')+1:] {
		for _, p := range []*kb.Provider{k.ByServer(d), k.ByHost(d), k.ByAddress("x@" + d), zones[d]} {
			if p != nil {
				return []*kb.Provider{p}
			}
		}
	}
	return nil
}

// zoneCache holds serverZones for the knowledge base last asked about.
var zoneCache struct {
	sync.Mutex
	k     *kb.KB
	zones map[string]*kb.Provider
}

// serverZones maps the domain under each server's name (imap.mail.me.com:
// mail.me.com) to its provider, where that domain is no bare public suffix
// (co.uk) and no two providers share it.
func serverZones(k *kb.KB) map[string]*kb.Provider {
	zoneCache.Lock()
	defer zoneCache.Unlock()
	if zoneCache.k == k {
		return zoneCache.zones
	}
	zones := map[string]*kb.Provider{}
	shared := map[string]bool{}
	for _, p := range k.Providers {
		for _, s := range p.Servers {
			host := strings.ToLower(s.Host)
			i := strings.IndexByte(host, '.')
			if i < 0 || !isHostName(host) {
				continue
			}
			zone := host[i+1:]
			if labels := strings.Split(zone, "."); len(labels) < 2 || len(labels) == 2 && len(labels[0]) <= 3 && len(labels[1]) == 2 {
				continue // co.uk, com.cn
			}
			if q, ok := zones[zone]; ok && q != p {
				shared[zone] = true
			}
			zones[zone] = p
		}
	}
	for z := range shared {
		delete(zones, z)
	}
	zoneCache.k, zoneCache.zones = k, zones
	return zones
}
