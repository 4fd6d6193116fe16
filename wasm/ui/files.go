//go:build js && wasm

package main

import (
	"strconv"
	"syscall/js"

	"mailkey/wasm/dom"
	"mailkey/wasm/hint"
	"mailkey/wasm/jsbridge"
	"mailkey/wasm/kb"
	"mailkey/wasm/ledger"
)

func (lp *ledgerPage) newID() string { return jsbridge.NewID() }

func kindFor(p *kb.Provider) ledger.Kind {
	if k, ok := hint.LedgerKind(p); ok {
		return k
	}
	return ledger.KindOther
}

// export offers the ledger as a file download: versioned JSON or CSV.
func (lp *ledgerPage) export(format string) {
	start := js.Global().Get("performance").Call("now").Float()
	var data []byte
	mime, ext := "application/json", ".json"
	if format == "csv" {
		data, mime, ext = ledger.ExportCSV(lp.entries), "text/csv", ".csv"
	} else {
		data = ledger.ExportJSON(lp.entries)
	}
	arr := js.Global().Get("Uint8Array").New(len(data))
	js.CopyBytesToJS(arr, data)
	blob := js.Global().Get("Blob").New([]any{arr}, map[string]any{"type": mime + ";charset=utf-8"})
	url := js.Global().Get("URL").Call("createObjectURL", blob)
	a := doc.CreateElement("a")
	a.SetAttribute("href", url.String())
	a.SetAttribute("download", "mailkey-ledger-"+ledger.Day(lp.now())+ext)
	a.Underlying().Call("click")
	js.Global().Get("URL").Call("revokeObjectURL", url)
	js.Global().Set("mailkeyExportMs", js.Global().Get("performance").Call("now").Float()-start)
	js.Global().Set("mailkeyLastExport", arr) // the bytes offered, for tests and the benchmark
	replace(lp.status, lp.t("ledger_exported", strconv.Itoa(len(data))))
}

// startImport reads the chosen file and shows what importing it would do.
// Nothing is written until the person confirms.
func (lp *ledgerPage) startImport(input dom.Element) {
	files := input.Underlying().Get("files")
	if files.Length() == 0 {
		return
	}
	f := files.Index(0)
	replace(lp.importArea)
	if f.Get("size").Float() > ledger.MaxImportBytes {
		replace(lp.importArea, el("p", attrs{"class": "err", "role": "alert"}, lp.t("import_err", lp.t("reason_too_large"))))
		return
	}
	go func() {
		buf, err := jsbridge.Await(f.Call("arrayBuffer"))
		if err != nil {
			replace(lp.importArea, el("p", attrs{"class": "err", "role": "alert"}, lp.t("import_err_read")))
			return
		}
		data := make([]byte, buf.Get("byteLength").Int())
		js.CopyBytesToGo(data, js.Global().Get("Uint8Array").New(buf))
		lp.preview(data, input)
	}()
}

func (lp *ledgerPage) preview(data []byte, input dom.Element) {
	start := js.Global().Get("performance").Call("now").Float()
	plan, err := ledger.Preview(data, lp.entries, lp.now(), lp.newID)
	js.Global().Set("mailkeyPreviewMs", js.Global().Get("performance").Call("now").Float()-start)
	if err != nil {
		replace(lp.importArea, el("p", attrs{"class": "err", "role": "alert"}, lp.t("import_err", lp.t("reason_"+ledger.ReasonOf(err)))))
		return
	}
	counts := plan.Counts()
	summary := el("p", attrs{"id": "import-summary"}, lp.t("import_summary", strconv.Itoa(counts.New), strconv.Itoa(counts.Updated),
		strconv.Itoa(counts.Unchanged), strconv.Itoa(counts.Rejected)))
	table := el("table", attrs{"class": "preview"}, el("thead", nil, el("tr", nil,
		el("th", attrs{"scope": "col"}, lp.t("import_col_row")), el("th", attrs{"scope": "col"}, lp.t("hint_label")),
		el("th", attrs{"scope": "col"}, lp.t("import_col_result")))))
	body := el("tbody", nil)
	for i, r := range plan.Rows {
		if i >= 200 {
			body.AppendChild(el("tr", nil, el("td", attrs{"colspan": "3"}, lp.t("ledger_more", strconv.Itoa(len(plan.Rows)-i)))))
			break
		}
		result := lp.t("import_status_" + string(r.Status))
		if r.Reason != "" {
			result += ": " + lp.t("reason_"+r.Reason)
		}
		body.AppendChild(el("tr", nil, el("td", nil, strconv.Itoa(r.Line)), el("td", nil, r.Label), el("td", nil, result)))
	}
	table.AppendChild(body)
	writes := plan.Entries()
	cancel := el("button", attrs{"type": "button", "id": "import-cancel"}, lp.t("hint_cancel"))
	on(cancel, "click", func(dom.Event) { replace(lp.importArea); setValue(input, "") })
	actions := el("div", attrs{"class": "actions"})
	if len(writes) > 0 {
		ok := el("button", attrs{"type": "button", "class": "primary", "id": "import-confirm"}, lp.t("import_confirm", strconv.Itoa(len(writes))))
		on(ok, "click", func(dom.Event) {
			go func() {
				// One call: every valid row is stored, or (on failure) none;
				// a version newer than the file's is kept.
				if err := mergeEntries(writes); err != nil {
					replace(lp.importArea, el("p", attrs{"class": "err", "role": "alert"}, lp.t("err_save")))
					return
				}
				replace(lp.importArea)
				setValue(input, "")
				replace(lp.status, lp.t("import_done", strconv.Itoa(len(writes))))
			}()
		})
		actions.AppendChild(ok)
	} else {
		actions.AppendChild(el("p", nil, lp.t("import_nothing")))
	}
	actions.AppendChild(cancel)
	replace(lp.importArea, summary, table, actions)
}
