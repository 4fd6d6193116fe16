package ledger

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"mailkey/wasm/jsonv"
)

// MaxImportBytes is the largest file Preview reads: 5 MiB. (10,000 entries
// export to about 4 MB of JSON.)
const MaxImportBytes = 5 << 20

// Status is what importing a row would do.
type Status string

// The statuses of an import row.
const (
	StatusNew       Status = "new"       // not in the ledger: it is added
	StatusUpdated   Status = "updated"   // the row is a newer version of an entry: it replaces it
	StatusUnchanged Status = "unchanged" // Reason: "identical", "local_newer" or "local_deleted"
	StatusRejected  Status = "rejected"  // Reason: a refusal code, Field: the field at fault
)

// Reasons of an unchanged row.
const (
	Identical    = "identical"     // the ledger holds the same (perhaps at another time)
	LocalNewer   = "local_newer"   // the ledger's version was changed after the row's
	LocalDeleted = "local_deleted" // the ledger's version was deleted after the row's
)

// Row is one entry of an import file and what importing it would do.
type Row struct {
	// Line is the row's number: in a CSV the spreadsheet row (the header is
	// row 1), in a JSON export the entry's position in "entries" from 1.
	Line   int
	Status Status
	Reason string
	Field  string // of a rejected row: the key or column at fault, if known
	// Entry is the row as read; for a new or updated row exactly what is
	// written.
	Entry
	// Local is the ledger's version the row was compared with (updated,
	// unchanged), zero for a new or rejected row.
	Local Entry
}

// Plan is what importing a file would do, row by row. Nothing is written
// until the caller writes Writes().
type Plan struct {
	Format string // "json" or "csv"
	Rows   []Row
}

// Counts are the rows of a plan by status.
type Counts struct{ New, Updated, Unchanged, Rejected int }

// Counts counts the rows by status.
func (p Plan) Counts() Counts {
	var c Counts
	for _, r := range p.Rows {
		switch r.Status {
		case StatusNew:
			c.New++
		case StatusUpdated:
			c.Updated++
		case StatusUnchanged:
			c.Unchanged++
		default:
			c.Rejected++
		}
	}
	return c
}

// Entries are the versions to write to carry out the plan: one per new or
// updated row, in row order. The pages give them to the worker's Writer to
// merge, in one call, so that all valid rows are written or none, and a
// version changed since the preview is never replaced by an older one.
func (p Plan) Entries() []Entry {
	var out []Entry
	for _, r := range p.Rows {
		if r.Status == StatusNew || r.Status == StatusUpdated {
			out = append(out, r.Entry)
		}
	}
	return out
}

// Writes are Entries as storage keys and records.
func (p Plan) Writes() []jsonv.Member {
	var out []jsonv.Member
	for _, e := range p.Entries() {
		out = append(out, jsonv.M(Key(e.ID), e.JSON()))
	}
	return out
}

// Preview reads a JSON export or a CSV file and says, for each row, what
// importing it into the existing entries (tombstones included, as Load
// returns them) would do. It writes nothing.
//
// A file that is bad as a whole returns an error (an *Error whose Reason the
// UI localizes) and an empty plan: over MaxImportBytes, not UTF-8, empty,
// malformed or truncated, an unknown format or version, a key or column that
// looks like a password (anywhere), or one the format does not have. A bad
// row is rejected with its reason and the other rows still count.
//
// Rows keep the id they have, so export, import, export gives the same bytes.
// A row without an id is matched to the ledger entry with the same provider
// and label (and account, used-by and created when the file has them), or
// else gets an id from newID and source "import". A row without updated
// counts as changed now. Importing the same file twice writes nothing the
// second time.
func Preview(data []byte, existing []Entry, now time.Time, newID func() string) (Plan, error) {
	if len(data) > MaxImportBytes {
		return Plan{}, ErrTooLarge
	}
	if bytes.HasPrefix(data, []byte{0xFE, 0xFF}) || bytes.HasPrefix(data, []byte{0xFF, 0xFE}) {
		return Plan{}, ErrEncoding // UTF-16
	}
	data = bytes.TrimPrefix(data, []byte(bom))
	if !utf8.Valid(data) {
		return Plan{}, ErrEncoding
	}
	start := bytes.TrimLeft(data, " \t\r\n")
	if len(start) == 0 {
		return Plan{}, ErrEmpty
	}
	var rows []rawRow
	var err error
	plan := Plan{Format: "csv"}
	switch start[0] {
	case '{':
		plan.Format = "json"
		rows, err = readJSONRows(data)
	case '[':
		err = ErrFormat
	default:
		rows, err = readCSVRows(data)
	}
	if err != nil {
		return Plan{}, err
	}
	im := newImporter(existing, now, newID)
	for _, r := range rows {
		if r.has[fID] {
			im.named[strings.TrimSpace(r.vals[fID])] = true
		}
	}
	plan.Rows = make([]Row, 0, len(rows))
	for _, r := range rows {
		plan.Rows = append(plan.Rows, im.row(r))
	}
	return plan, nil
}

// rawRow is one entry of a file as read, before it is cleaned and checked.
type rawRow struct {
	line int
	vals [nFields]string
	has  [nFields]bool
	err  *Error // a refusal found while reading
}

func readJSONRows(data []byte) ([]rawRow, error) {
	v, err := jsonv.Parse(data, jsonv.Limits{MaxBytes: MaxImportBytes + len(bom), MaxDepth: 16})
	if err != nil {
		if se, ok := err.(*jsonv.SyntaxError); ok && se.Offset >= len(data) {
			return nil, ErrTruncated
		}
		return nil, ErrMalformed
	}
	if v.Kind() != jsonv.Object {
		return nil, ErrFormat
	}
	// A key that looks like a password refuses the file, wherever it is.
	for _, m := range v.Members() {
		if LooksLikeSecret(m.Key) {
			return nil, at(ErrSecret, 0, m.Key)
		}
		if m.Key == "entries" {
			for i, it := range m.Value.Items() {
				if k, ok := secretKey(it); ok {
					return nil, at(ErrSecret, i+1, k)
				}
			}
		} else if k, ok := secretKey(m.Value); ok {
			return nil, at(ErrSecret, 0, k)
		}
	}
	if f, _ := v.Get("format"); f.Kind() != jsonv.String || v.GetStr("format") != ExportFormat {
		return nil, ErrFormat
	}
	ver, _ := v.Get("version")
	switch n, ok := ver.Int(); {
	case ok && n > ExportVersion:
		return nil, ErrFuture
	case !ok || n != ExportVersion:
		return nil, ErrVersion
	}
	if k, ok := duplicateKey(v); ok {
		return nil, at(ErrDuplicateKey, 0, k)
	}
	for _, m := range v.Members() {
		if m.Key != "format" && m.Key != "version" && m.Key != "entries" {
			return nil, at(ErrUnknownKey, 0, m.Key)
		}
	}
	list, ok := v.Get("entries")
	if !ok || list.Kind() != jsonv.Array {
		return nil, ErrMalformed
	}
	rows := make([]rawRow, 0, len(list.Items()))
	for n, it := range list.Items() {
		r := rawRow{line: n + 1}
		if it.Kind() != jsonv.Object {
			r.err = ErrBadRow
			rows = append(rows, r)
			continue
		}
		if k, ok := duplicateKey(it); ok {
			return nil, at(ErrDuplicateKey, r.line, k)
		}
		for _, m := range it.Members() {
			i := fieldIndex(m.Key)
			if i < 0 || i >= exportFields {
				return nil, at(ErrUnknownKey, r.line, m.Key)
			}
			r.has[i] = true
			if i == fUpdated {
				if n, ok := m.Value.Int(); ok {
					r.vals[i] = strconv.FormatInt(n, 10)
				} else if r.err == nil {
					r.err = at(ErrUpdated, r.line, m.Key)
				}
			} else if s, ok := m.Value.Str(); ok {
				r.vals[i] = s
			} else if r.err == nil {
				r.err = at(ErrField, r.line, m.Key)
			}
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// duplicateKey returns a key that an object has twice.
func duplicateKey(v jsonv.Value) (string, bool) {
	ms := v.Members()
	for i := range ms {
		for j := range i {
			if ms[i].Key == ms[j].Key {
				return ms[i].Key, true
			}
		}
	}
	return "", false
}

func readCSVRows(data []byte) ([]rawRow, error) {
	recs, err := readCSV(data)
	if err != nil {
		ce := err.(*csvError)
		switch {
		case ce.reason == "eof_in_quote", ce.reason == "field_count" && ce.last && !bytes.HasSuffix(data, []byte("\n")):
			return nil, at(ErrTruncated, ce.record, "")
		}
		return nil, at(ErrMalformed, ce.record, "")
	}
	if len(recs) == 0 {
		return nil, ErrEmpty
	}
	header := recs[0]
	for _, h := range header {
		if LooksLikeSecret(h) {
			return nil, at(ErrSecretColumn, 1, h)
		}
	}
	cols := make([]int, len(header))
	var seen [nFields]bool
	known, unknown := 0, -1
	for j, h := range header {
		name := strings.TrimSpace(h)
		cols[j] = -1
		if name == "" {
			continue // tolerated while the column is empty (spreadsheets add them)
		}
		i := slices.IndexFunc(fieldNames[:exportFields], func(f string) bool { return strings.EqualFold(f, name) })
		switch {
		case i < 0:
			if unknown < 0 {
				unknown = j
			}
		case seen[i]:
			return nil, at(ErrDuplicateColumn, 1, h)
		default:
			seen[i] = true
			cols[j] = i
			known++
		}
	}
	switch {
	case known == 0:
		return nil, ErrFormat
	case unknown >= 0:
		return nil, at(ErrUnknownColumn, 1, header[unknown])
	case !seen[fProvider]:
		return nil, at(ErrMissingColumn, 1, "provider")
	case !seen[fLabel]:
		return nil, at(ErrMissingColumn, 1, "label")
	}
	rows := make([]rawRow, 0, len(recs)-1)
	for n, rec := range recs[1:] {
		r := rawRow{line: n + 2}
		empty := true
		for j, cell := range rec {
			if cell == "" {
				continue
			}
			empty = false
			if cols[j] < 0 {
				return nil, at(ErrUnknownColumn, r.line, header[j])
			}
		}
		if empty {
			continue // a blank spreadsheet row
		}
		for j, cell := range rec {
			if i := cols[j]; i >= 0 {
				r.vals[i], r.has[i] = unescapeCell(cell), true
			}
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// importer classifies rows against the ledger.
type importer struct {
	now     time.Time
	newID   func() string
	byID    map[string]Entry
	byLabel map[string][]Entry // by provider and label, for rows without id
	taken   map[string]bool    // ids an earlier row of the file is about
	named   map[string]bool    // ids the file names: rows without id do not match them
	natSeen map[string]bool    // natural keys of earlier rows of the file
}

func newImporter(existing []Entry, now time.Time, newID func() string) *importer {
	im := &importer{now: now, newID: newID, byID: make(map[string]Entry, len(existing)),
		taken: map[string]bool{}, named: map[string]bool{}, natSeen: map[string]bool{}}
	for _, e := range existing {
		if old, ok := im.byID[e.ID]; ok {
			e = Merge(old, e)
		}
		im.byID[e.ID] = e
	}
	return im
}

// normalize cleans a value as the model cleans what a person types.
func normalize(i int, s string) string {
	switch i {
	case fLabel, fUsedBy, fRevokedHow:
		return clean(s)
	case fNote:
		return cleanNote(s)
	case fProvider:
		return strings.ToLower(strings.TrimSpace(s))
	case fAccount:
		return CleanAccount(s)
	}
	return strings.TrimSpace(s)
}

// match finds the ledger entry a row without id is about: same provider and
// label, and same account, used-by and created where the row has them; not
// one an earlier row is about or one a row of the file names by id. First one the row leaves as it is (so that a
// file imported twice matches the same entries twice), then live entries,
// then the latest.
func (im *importer) match(v *[nFields]string, has *[nFields]bool) (Entry, bool) {
	if im.byLabel == nil {
		im.byLabel = map[string][]Entry{}
		for _, e := range im.byID {
			k := e.Provider + "\x00" + e.Label
			im.byLabel[k] = append(im.byLabel[k], e)
		}
	}
	var best Entry
	found, bestSame := false, false
	for _, e := range im.byLabel[v[fProvider]+"\x00"+v[fLabel]] {
		if im.taken[e.ID] || im.named[e.ID] || has[fAccount] && e.Account != v[fAccount] || has[fUsedBy] && e.UsedBy != v[fUsedBy] ||
			has[fCreated] && e.Created != v[fCreated] {
			continue
		}
		same := sameContent(fill(e, v, has), e)
		if !found || same && !bestSame || same == bestSame && better(e, best) {
			best, found, bestSame = e, true, same
		}
	}
	return best, found
}

// fill is the entry a row makes: base (the ledger's version when found,
// else defaults) with the row's fields. The source is the file's only for a
// row with an id; a row without keeps the ledger's or becomes "import".
// Updated is left to the caller.
func fill(base Entry, v *[nFields]string, has *[nFields]bool) Entry {
	e := base
	e.Deleted = 0
	for i := range fUpdated {
		if has[i] && (i != fSource || has[fID]) {
			*e.text(i) = v[i]
		}
	}
	return e
}

func better(a, b Entry) bool {
	if (a.Deleted == 0) != (b.Deleted == 0) {
		return a.Deleted == 0
	}
	if a.Updated != b.Updated {
		return a.Updated > b.Updated
	}
	return a.ID < b.ID
}

// parseTime reads a time in milliseconds written as strconv writes it.
func parseTime(s string) (int64, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n > maxTime || strconv.FormatInt(n, 10) != s {
		return 0, false
	}
	return n, true
}

func (im *importer) row(r rawRow) Row {
	out := Row{Line: r.line}
	reject := func(err *Error, field string) Row {
		out.Status, out.Reason, out.Field, out.Local = StatusRejected, err.Reason, field, Entry{}
		return out
	}
	var v [nFields]string
	has := r.has
	for i := range exportFields {
		if has[i] {
			v[i] = normalize(i, r.vals[i])
		}
	}
	out.Entry.Label = v[fLabel] // shown for a rejected row too
	if r.err != nil {
		return reject(r.err, r.err.Field)
	}
	for _, i := range []int{fID, fKind, fSource, fCreated, fUpdated} {
		if has[i] && v[i] == "" {
			has[i] = false // an empty cell of these means "not given"
		}
	}
	var local Entry
	found := false
	if has[fID] {
		if !validID(v[fID]) {
			return reject(ErrID, "id")
		}
		local, found = im.byID[v[fID]]
		if im.taken[v[fID]] {
			return reject(ErrDuplicate, "id")
		}
		im.taken[v[fID]] = true
	} else if has[fProvider] && has[fLabel] {
		local, found = im.match(&v, &has)
	}
	base := Entry{Kind: KindOther, Source: FromImport, Created: Day(im.now)}
	if found {
		base = local
	}
	e := fill(base, &v, &has)
	switch {
	case has[fUpdated]:
		n, ok := parseTime(v[fUpdated])
		if !ok {
			out.Entry = e
			return reject(ErrUpdated, "updated")
		}
		e.Updated = n
	case found:
		e.Updated = stamp(local.Updated, im.now)
	default:
		e.Updated = im.now.UnixMilli()
	}
	out.Entry = e
	nat := naturalKey(e)
	if !has[fID] && !found {
		if im.natSeen[nat] {
			return reject(ErrDuplicate, "")
		}
		if im.newID == nil {
			return reject(ErrMissingID, "id")
		}
		for range 3 {
			if id := im.newID(); validID(id) && !im.taken[id] && !im.named[id] {
				if _, used := im.byID[id]; !used {
					e.ID = id
					break
				}
			}
		}
		if e.ID == "" {
			return reject(ErrID, "id")
		}
		im.taken[e.ID] = true
		out.Entry = e
	}
	if err, field := e.check(); err != nil {
		return reject(err, field)
	}
	// Only a row that is read takes its entry and natural key: a rejected
	// row leaves them to the rows after it, the same on every import.
	im.taken[e.ID] = true
	im.natSeen[nat] = true
	switch {
	case !found:
		out.Status = StatusNew
	case sameContent(e, local):
		out.Status, out.Reason = StatusUnchanged, Identical
	case Compare(e, local) > 0:
		out.Status = StatusUpdated
	case local.Deleted != 0:
		out.Status, out.Reason = StatusUnchanged, LocalDeleted
	default:
		out.Status, out.Reason = StatusUnchanged, LocalNewer
	}
	if found {
		out.Local = local
	}
	return out
}
