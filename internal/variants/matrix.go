package variants

// Matrix is every label shape × place × timing of the collector, the other
// dimensions (language, insertion, host, address, server field) taken in
// turn so that each value meets many others; then the negatives.
func Matrix() []Variant {
	var out []Variant
	i := 0
	for _, label := range Labels {
		for _, place := range Places {
			for _, timing := range Timings {
				out = append(out, collector(i, label, place, timing))
				i++
			}
		}
	}
	return append(out, Negatives()...)
}

// Sample is a part of the matrix in which every value of every dimension
// occurs (each dimension's length is a step of the walk): what CI runs.
func Sample(n int) []Variant {
	var out []Variant
	for i := 0; i < n; i++ {
		out = append(out, collector(i, Labels[i%len(Labels)], Places[i%len(Places)], Timings[(i*7)%len(Timings)]))
	}
	return append(out, Negatives()...)
}

// collector is the i-th collector variant: language, insertion, host,
// address and server field in turn; never a mailbox of the host's own
// provider.
func collector(i int, label, place, timing string) Variant {
	h := Hosts[i%len(Hosts)]
	a := Addresses[(i*5)%len(Addresses)]
	if a.Provider == h.Provider {
		a = Addresses[(i*5+1)%len(Addresses)]
	}
	return Variant{Kind: "collector", Host: h.Name, Addr: a.Addr, Label: label, Lang: Langs[i%len(Langs)],
		Place: place, Timing: timing, Insert: Inserts[i%len(Inserts)], Server: i%3 != 0}
}

// Negatives are forms where no hint may show: a webmail's own sign-in with
// its own address typed, a change of its own password, a search box with
// an address typed, a separate-password (独立密码) setting; each in a few
// shapes and places.
func Negatives() []Variant {
	var out []Variant
	shapes := []struct{ label, place, timing string }{{"for", "top", "load"}, {"wrapped", "shadow", "t300"}, {"table", "blank", "load"}}
	for i, kind := range []string{"signin", "changepw", "search", "separatepw"} {
		for j, sh := range shapes {
			h := Hosts[(i*3+j)%len(Hosts)]
			addr := ""
			for _, a := range Addresses {
				if a.Provider == h.Provider {
					addr = a.Addr
				}
			}
			if kind == "search" {
				addr = Addresses[j].Addr
			}
			out = append(out, Variant{Kind: kind, Host: h.Name, Addr: addr, Label: sh.label, Lang: Langs[(i+j)%len(Langs)],
				Place: sh.place, Timing: sh.timing, Insert: "inner"})
		}
	}
	return out
}
