package ledger

import (
	"errors"
	"strconv"
)

// Error is a refusal the UI can explain to a person: Reason is a stable code
// that the pages localize (for example as "import_err_"+Reason), Line the
// 1-based row of an import it concerns (0 for the whole file or a record in
// storage) and Field the key or column involved, if any.
//
// errors.Is(err, ErrX) compares reasons, so a refusal that carries a row or a
// column still "is" the sentinel of its reason. The model's own checks return
// the sentinels themselves, so err == ErrLabelEmpty works too.
type Error struct {
	Reason string
	Line   int
	Field  string
}

func (e *Error) Error() string {
	s := "ledger: " + e.Reason
	if e.Field != "" {
		s += " (" + strconv.Quote(e.Field) + ")"
	}
	if e.Line > 0 {
		s += " in row " + strconv.Itoa(e.Line)
	}
	return s
}

// Is reports whether target is an *Error with the same reason.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Reason == e.Reason
}

// ReasonOf returns the reason code of err ("" for nil; "malformed" for an
// error that did not come from this package).
func ReasonOf(err error) string {
	if err == nil {
		return ""
	}
	for ; err != nil; err = errors.Unwrap(err) {
		if e, ok := err.(*Error); ok {
			return e.Reason
		}
	}
	return "malformed"
}

func at(sentinel *Error, line int, field string) *Error {
	return &Error{Reason: sentinel.Reason, Line: line, Field: field}
}

// Refusals of the model: a field of an entry, or an operation that does not
// fit the entry's state.
var (
	ErrLabelEmpty = &Error{Reason: "label_empty"}
	ErrLabelLong  = &Error{Reason: "label_long"}
	ErrAccount    = &Error{Reason: "bad_account"}
	ErrProvider   = &Error{Reason: "bad_provider"}
	ErrID         = &Error{Reason: "bad_id"}
	ErrKind       = &Error{Reason: "bad_kind"}
	ErrSource     = &Error{Reason: "bad_source"}
	ErrDate       = &Error{Reason: "bad_date"}    // not a real YYYY-MM-DD, or out of order
	ErrTooLong    = &Error{Reason: "too_long"}    // used-by, how revoked, or note
	ErrUpdated    = &Error{Reason: "bad_updated"} // not a positive integer of milliseconds
	ErrField      = &Error{Reason: "bad_field"}   // a field of the wrong type, missing, or inconsistent

	ErrDeleted    = &Error{Reason: "deleted"}     // the entry is deleted (a tombstone)
	ErrNotDeleted = &Error{Reason: "not_deleted"} // undo of an entry that is not deleted
	ErrRevoked    = &Error{Reason: "revoked"}     // confirming an entry that is revoked
	ErrNotRevoked = &Error{Reason: "not_revoked"} // un-revoking an entry that is not revoked
)

// Refusals of a stored record (Decode, Load's Aside) and of an imported file
// as a whole.
var (
	ErrMalformed   = &Error{Reason: "malformed"}      // not JSON or CSV as written, or not the expected shape
	ErrSecret      = &Error{Reason: "secret_key"}     // a key that names a password or code
	ErrUnknownKey  = &Error{Reason: "unknown_key"}    // a key the format does not have
	ErrFuture      = &Error{Reason: "future_version"} // written by a newer Mailkey
	ErrKeyMismatch = &Error{Reason: "key_mismatch"}   // a stored record under another entry's key

	ErrTooLarge        = &Error{Reason: "too_large"}        // over MaxImportBytes
	ErrEmpty           = &Error{Reason: "empty"}            // nothing in the file
	ErrTruncated       = &Error{Reason: "truncated"}        // the file ends in the middle of a value or row
	ErrEncoding        = &Error{Reason: "bad_encoding"}     // not UTF-8 (for example UTF-16 or GBK)
	ErrFormat          = &Error{Reason: "unknown_format"}   // neither a Mailkey JSON export nor a ledger CSV
	ErrVersion         = &Error{Reason: "unknown_version"}  // a JSON export version this code cannot read
	ErrSecretColumn    = &Error{Reason: "secret_column"}    // a CSV column that names a password or code
	ErrUnknownColumn   = &Error{Reason: "unknown_column"}   // a CSV column the format does not have
	ErrDuplicateColumn = &Error{Reason: "duplicate_column"} // a CSV column named twice
	ErrDuplicateKey    = &Error{Reason: "duplicate_key"}    // a JSON key given twice in one object
	ErrMissingColumn   = &Error{Reason: "missing_column"}   // a CSV without provider or label
)

// Reasons of an import row that is rejected besides the field refusals above.
var (
	ErrBadRow    = &Error{Reason: "bad_row"}    // an entry that is not an object
	ErrDuplicate = &Error{Reason: "duplicate"}  // the same entry twice in one file
	ErrMissingID = &Error{Reason: "missing_id"} // a row without id and no id source
)
