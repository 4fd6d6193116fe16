package kb

import (
	"errors"
	"strconv"

	"mailkey/wasm/jsonv"
)

// decoder reads one provider file strictly: an unknown key or a wrong type is
// an error, so a typo in the data cannot silently drop a fact.
type decoder struct{ err error }

func (d *decoder) fail(path, msg string) {
	if d.err == nil {
		d.err = errors.New(path + ": " + msg)
	}
}

// object checks that v is an object holding only the allowed keys.
func (d *decoder) object(path string, v jsonv.Value, allowed ...string) jsonv.Value {
	if v.Kind() != jsonv.Object {
		d.fail(path, "want an object")
		return jsonv.Obj()
	}
	for _, m := range v.Members() {
		ok := false
		for _, a := range allowed {
			ok = ok || a == m.Key
		}
		if !ok {
			d.fail(path, "unknown key "+strconv.Quote(m.Key))
		}
	}
	return v
}

func (d *decoder) str(path string, v jsonv.Value, key string) string {
	x, ok := v.Get(key)
	if !ok {
		return ""
	}
	s, ok := x.Str()
	if !ok {
		d.fail(path+"."+key, "want a string")
	}
	return s
}

func (d *decoder) strs(path string, v jsonv.Value, key string) []string {
	x, ok := v.Get(key)
	if !ok {
		return nil
	}
	if x.Kind() != jsonv.Array {
		d.fail(path+"."+key, "want an array of strings")
		return nil
	}
	out := make([]string, 0, len(x.Items()))
	for _, it := range x.Items() {
		s, ok := it.Str()
		if !ok {
			d.fail(path+"."+key, "want an array of strings")
		}
		out = append(out, s)
	}
	return out
}

func (d *decoder) list(path string, v jsonv.Value, key string) []jsonv.Value {
	x, ok := v.Get(key)
	if !ok {
		return nil
	}
	if x.Kind() != jsonv.Array {
		d.fail(path+"."+key, "want an array")
	}
	return x.Items()
}

func (d *decoder) fact(v jsonv.Value, path string) Fact {
	return Fact{Sources: d.strs(path, v, "sources"), Checked: d.str(path, v, "checked"), Uncertain: d.str(path, v, "uncertain"),
		Since: d.str(path, v, "since"), Announced: d.str(path, v, "announced")}
}

var factKeys = []string{"sources", "checked", "uncertain", "since", "announced"}

func (d *decoder) note(path string, v jsonv.Value) Note {
	d.object(path, v, keys("msg")...)
	return Note{Msg: d.str(path, v, "msg"), Fact: d.fact(v, path)}
}

func keys(extra ...string) []string { return append(extra, factKeys...) }

func (d *decoder) link(root jsonv.Value, key string) Link {
	v, ok := root.Get(key)
	if !ok {
		return Link{}
	}
	d.object(key, v, keys("url", "steps")...)
	return Link{URL: d.str(key, v, "url"), Steps: d.str(key, v, "steps"), Fact: d.fact(v, key)}
}

func decodeProvider(data []byte) (*Provider, error) {
	root, err := jsonv.Parse(data, jsonv.Limits{MaxBytes: 1 << 20})
	if err != nil {
		return nil, err
	}
	d := &decoder{}
	d.object("provider", root, "id", "name", "checked", "sources", "method", "generates", "domains", "hosts", "servers",
		"preconditions", "create", "manage", "help", "password_change_revokes", "refusals", "pages", "notes")
	p := &Provider{ID: d.str("", root, "id"), Name: d.str("", root, "name"), Checked: d.str("", root, "checked")}

	if v, ok := root.Get("sources"); ok {
		if v.Kind() != jsonv.Object {
			d.fail("sources", "want an object of ref: URL")
		}
		for _, m := range v.Members() {
			u, ok := m.Value.Str()
			if !ok {
				d.fail("sources."+m.Key, "want a URL string")
			}
			p.Sources = append(p.Sources, Source{Ref: m.Key, URL: u})
		}
	}
	if v, ok := root.Get("method"); ok {
		d.object("method", v, keys("value", "with_2fa", "access")...)
		p.Method = Method(d.str("method", v, "value"))
		p.MethodWith2FA = Method(d.str("method", v, "with_2fa"))
		p.Access = d.str("method", v, "access")
		p.MethodFact = d.fact(v, "method")
	}
	if v, ok := root.Get("generates"); ok {
		d.object("generates", v, keys("value", "for")...)
		p.Generates = Method(d.str("generates", v, "value"))
		p.GeneratesFor = d.str("generates", v, "for")
		p.GeneratesFact = d.fact(v, "generates")
	}
	if v, ok := root.Get("domains"); ok {
		d.object("domains", v, keys("list")...)
		p.Domains = d.strs("domains", v, "list")
		p.DomainsFact = d.fact(v, "domains")
	}
	if v, ok := root.Get("hosts"); ok {
		d.object("hosts", v, keys("webmail", "account", "help", "content_script")...)
		if c, ok := v.Get("content_script"); ok {
			run, ok := c.Bool()
			if !ok {
				d.fail("hosts.content_script", "want true or false")
			}
			p.Unrecognised = !run
		}
		p.Webmail, p.Account, p.Help = d.strs("hosts", v, "webmail"), d.strs("hosts", v, "account"), d.strs("hosts", v, "help")
		p.HostsFact = d.fact(v, "hosts")
	}
	if v, ok := root.Get("servers"); ok {
		d.object("servers", v, keys("list")...)
		for i, s := range d.list("servers", v, "list") {
			path := "servers.list[" + strconv.Itoa(i) + "]"
			d.object(path, s, "proto", "host", "port", "security", "shared")
			port, _ := s.Get("port")
			n, ok := port.Int()
			if !ok {
				d.fail(path+".port", "want a whole number")
			}
			p.Servers = append(p.Servers, Server{Proto: d.str(path, s, "proto"), Host: d.str(path, s, "host"),
				Port: int(n), Security: d.str(path, s, "security")})
			if sh, ok := s.Get("shared"); ok {
				p.Servers[len(p.Servers)-1].Shared, ok = sh.Bool()
				if !ok {
					d.fail(path+".shared", "want true or false")
				}
			}
		}
		p.ServersFact = d.fact(v, "servers")
	}
	for i, v := range d.list("", root, "preconditions") {
		path := "preconditions[" + strconv.Itoa(i) + "]"
		d.object(path, v, keys("msg", "url", "protocols")...)
		p.Preconditions = append(p.Preconditions, Precondition{Msg: d.str(path, v, "msg"), URL: d.str(path, v, "url"),
			Protocols: d.strs(path, v, "protocols"), Fact: d.fact(v, path)})
	}
	p.Create, p.Manage, p.HelpPage = d.link(root, "create"), d.link(root, "manage"), d.link(root, "help")
	if v, ok := root.Get("password_change_revokes"); ok {
		d.object("password_change_revokes", v, keys("value")...)
		x, _ := v.Get("value")
		b, ok := x.Bool()
		if !ok {
			d.fail("password_change_revokes.value", "want true or false")
		}
		p.PasswordChangeRevokes = &b
		p.PasswordChangeFact = d.fact(v, "password_change_revokes")
	}
	for i, v := range d.list("", root, "refusals") {
		path := "refusals[" + strconv.Itoa(i) + "]"
		d.object(path, v, keys("pattern", "example", "meaning", "ambiguous")...)
		r := Refusal{Pattern: d.str(path, v, "pattern"), Example: d.str(path, v, "example"),
			Meaning: d.str(path, v, "meaning"), Fact: d.fact(v, path)}
		if a, ok := v.Get("ambiguous"); ok {
			r.Ambiguous, ok = a.Bool()
			if !ok {
				d.fail(path+".ambiguous", "want true or false")
			}
		}
		re, err := compile(r.Pattern)
		if err != nil {
			d.fail(path+".pattern", err.Error())
		}
		r.re = re
		p.Refusals = append(p.Refusals, r)
	}
	for i, v := range d.list("", root, "pages") {
		path := "pages[" + strconv.Itoa(i) + "]"
		d.object(path, v, keys("kind", "host", "path", "fragment", "protocols", "label", "used_by", "create_words", "made_on_arrival", "closed")...)
		pg := Page{Kind: PageKind(d.str(path, v, "kind")), Host: d.str(path, v, "host"),
			Path: d.str(path, v, "path"), Fragment: d.str(path, v, "fragment"), Protocols: d.strs(path, v, "protocols"),
			Label: d.str(path, v, "label"), UsedBy: d.str(path, v, "used_by"), CreateWords: d.strs(path, v, "create_words"),
			Fact: d.fact(v, path)}
		if a, ok := v.Get("made_on_arrival"); ok {
			pg.MadeOnArrival, ok = a.Bool()
			if !ok {
				d.fail(path+".made_on_arrival", "want true or false")
			}
		}
		if c, ok := v.Get("closed"); ok {
			n := d.note(path+".closed", c)
			pg.Closed = &n
		}
		p.Pages = append(p.Pages, pg)
	}
	for i, v := range d.list("", root, "notes") {
		p.Notes = append(p.Notes, d.note("notes["+strconv.Itoa(i)+"]", v))
	}
	if d.err != nil {
		return nil, d.err
	}
	return p, nil
}
