package ledger

import (
	"slices"
	"strconv"

	"mailkey/wasm/jsonv"
)

// ExportFormat is the "format" of a JSON export.
const ExportFormat = "mailkey-ledger"

// ExportVersion is the "version" of the JSON exports this code writes: the
// schema Version of the entries in it. Preview reads exports of this version
// (older ones would be migrated, there are none yet) and refuses newer ones.
const ExportVersion = Version

// exportFields are the fields of an exported entry, in order: those of the
// stored record without "v" (the file has one version) and "deleted"
// (tombstones are not exported).
const exportFields = fDeleted

// CSVHeader returns the CSV export's header row.
func CSVHeader() []string { return slices.Clone(fieldNames[:exportFields]) }

// exported returns the entries an export holds: no tombstones, by id.
func exported(entries []Entry) []Entry {
	ids := make([]string, len(entries))
	for i, e := range entries {
		ids[i] = e.ID
	}
	out := make([]Entry, 0, len(entries))
	for _, i := range order(ids) {
		if entries[i].Deleted == 0 {
			out = append(out, entries[i])
		}
	}
	return out
}

// ExportJSON writes the ledger as a JSON export: deterministic (entries by
// id, no export time), tombstones left out, indented for people to read,
// ending in a newline. The same entries always give the same bytes.
func ExportJSON(entries []Entry) []byte {
	list := exported(entries)
	buf := make([]byte, 0, 64+len(list)*400)
	buf = append(buf, "{\n  \"format\": "...)
	buf = jsonv.AppendString(buf, ExportFormat)
	buf = append(buf, ",\n  \"version\": "...)
	buf = strconv.AppendInt(buf, ExportVersion, 10)
	buf = append(buf, ",\n  \"entries\": ["...)
	for n, e := range list {
		if n > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, "\n    {"...)
		for i := range exportFields {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, "\n      "...)
			buf = jsonv.AppendString(buf, fieldNames[i])
			buf = append(buf, ": "...)
			if i == fUpdated {
				buf = strconv.AppendInt(buf, e.Updated, 10)
			} else {
				buf = jsonv.AppendString(buf, *e.text(i))
			}
		}
		buf = append(buf, "\n    }"...)
	}
	if len(list) > 0 {
		buf = append(buf, "\n  "...)
	}
	return append(buf, "]\n}\n"...)
}

// ExportCSV writes the ledger as CSV for spreadsheets: UTF-8 with a byte
// order mark (so spreadsheets read Chinese labels right), the header row,
// one row per entry by id, tombstones left out, RFC 4180 quoting and CRLF
// line ends. A cell that a spreadsheet would run as a formula (starting with
// = + - @, tab or CR) is written with a single quote before it, which the
// import takes off again.
func ExportCSV(entries []Entry) []byte {
	list := exported(entries)
	buf := make([]byte, 0, 128+len(list)*256)
	buf = append(buf, bom...)
	buf = appendCSV(buf, fieldNames[:exportFields])
	rec := make([]string, exportFields)
	for _, e := range list {
		for i := range exportFields {
			if i == fUpdated {
				rec[i] = strconv.FormatInt(e.Updated, 10)
			} else {
				rec[i] = escapeCell(*e.text(i))
			}
		}
		buf = appendCSV(buf, rec)
	}
	return buf
}

const bom = "\uFEFF"
