// Command mailkey builds, demonstrates and measures the extension.
//
//	mailkey build   compile the wasm, refresh manifest.json, write dist/ zips
//	mailkey demo    build, then show the hint on local copies of mail pages
//	                (a Chromium window with a display, screenshots without)
//	mailkey bench   build, then print the benchmark table
//	mailkey kb      list knowledge-base facts due for checking (-check: fail if any)
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "build":
		err = cmdBuild()
	case "demo":
		err = cmdDemo(os.Args[2:])
	case "bench":
		err = cmdBench(os.Args[2:])
	case "kb":
		err = cmdKB(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "mailkey:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: mailkey build | demo [-out DIR] [-headless] | bench [-runs N] | kb [-check] [-today YYYY-MM-DD]")
	os.Exit(2)
}
