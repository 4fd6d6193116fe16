// Package firefox holds the tests of the Firefox package as it ships:
// dist/mailkey-firefox.zip, built from a clean staged copy of the tree, is
// linted with web-ext (project-local npm package) and loaded into Debian's
// firefox-esr, driven by puppeteer-core over WebDriver BiDi from smoke.mjs,
// where it must show the hint on a fixture page.
package firefox
