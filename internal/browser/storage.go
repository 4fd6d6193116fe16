package browser

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/chromedp/cdproto/extensions"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// ReadStorage reads the first extension's chrome.storage.local: it opens
// chrome-extension://ID/page in a new tab, evaluates
// chrome.storage.local.get(null) there, closes the tab and JSON-decodes the
// items into out (for example a *map[string]any).
func (b *Browser) ReadStorage(ctx context.Context, page string, out any) error {
	if b.ExtensionID() == "" {
		return fmt.Errorf("browser: no extension loaded")
	}
	tab, cancel := b.NewTab()
	defer cancel()
	stop := context.AfterFunc(ctx, cancel)
	defer stop()
	var res *runtime.RemoteObject
	err := chromedp.Run(tab,
		chromedp.Navigate(b.ExtensionURL(page)),
		chromedp.Evaluate(`chrome.storage.local.get(null)`, &res, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
			return p.WithAwaitPromise(true).WithReturnByValue(true)
		}),
	)
	if err != nil {
		return fmt.Errorf("browser: read chrome.storage.local via %s: %w", page, err)
	}
	return decodeValue(res, out)
}

// StorageItems reads the first extension's chrome.storage.local through the
// DevTools protocol (Extensions.getStorageItems, which needs a tab session),
// without an extension page. tab is a context from NewTab.
func (b *Browser) StorageItems(tab context.Context, out any) error {
	if b.ExtensionID() == "" {
		return fmt.Errorf("browser: no extension loaded")
	}
	var data []byte
	err := chromedp.Run(tab, chromedp.ActionFunc(func(ctx context.Context) error {
		v, err := extensions.GetStorageItems(b.ExtensionID(), extensions.StorageAreaLocal).Do(ctx)
		data = v
		return err
	}))
	if err != nil {
		return fmt.Errorf("browser: Extensions.getStorageItems: %w", err)
	}
	if out == nil {
		return nil
	}
	if len(strings.TrimSpace(string(data))) == 0 {
		data = []byte("{}")
	}
	return json.Unmarshal(data, out)
}
