package model

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// budgetModel is a valid model for the expressions under test to sit in.
const budgetModel = `sector "power" {}
asset "grid" {
  sector = sector.power
}
asset "hospital" {
  sector     = sector.power
  depends_on = [asset.grid]
}
`

// doubling returns locals that double a value level by level: a0 is seed, and
// each level is made of two of the one before by how.
func doubling(levels int, seed, how string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "locals {\n  a0 = %s\n", seed)
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "  a%d = %s\n", i, strings.ReplaceAll(how, "PREV", fmt.Sprintf("local.a%d", i-1)))
	}
	b.WriteString("}\n")
	return b.String()
}

// hostileEvalTime is how long a hostile expression may take to be refused: a
// few seconds on an idle machine, more under the race detector on a busy one.
const hostileEvalTime = 30 * time.Second

func loadSource(t *testing.T, src string) (*Model, hcl.Diagnostics, time.Duration) {
	t.Helper()
	fsys := fstest.MapFS{"m.hcl": {Data: []byte(src)}}
	start := time.Now()
	m, diags := NewParser().Load("m.hcl", Options{FS: fsys})
	return m, diags, time.Since(start)
}

// TestBudgetHostile: expressions that grow without bound are refused with
// "Value too large" at the expression, quickly, whether or not anything uses
// them.
func TestBudgetHostile(t *testing.T) {
	cases := []struct {
		name, locals string
		line         int // of the diagnostic
	}{
		{"nested for over range", "locals {\n  x = [for i in range(1024) : [for j in range(1024) : [for k in range(1024) : k]]]\n}\n", 2},
		{"nested for, objects", "locals {\n  x = {for i in range(1024) : i => {for j in range(1024) : j => [for k in range(1024) : k]}}\n}\n", 2},
		{"for with a condition", "locals {\n  x = [for i in range(1024) : [for j in range(1024) : [for k in range(1024) : k if k > 2000]]]\n}\n", 2},
		{"format width", "locals {\n  x = format(\"%999999999d\", 1)\n}\n", 2},
		{"format string width", "locals {\n  x = format(\"%999999999s\", \"a\")\n}\n", 2},
		{"format many widths", "locals {\n  x = format(\"" + strings.Repeat("%9000000s", 3) + "\", \"a\", \"b\", \"c\")\n}\n", 2},
		{"formatlist width", "locals {\n  x = formatlist(\"%99999999s\", [\"a\", \"b\"])\n}\n", 2},
		{"string doubling by template, unused", doubling(40, `"xxxxxxxxxxxxxxxx"`, `"${PREV}${PREV}"`), 22},
		{"string doubling by join", doubling(40, `"xxxxxxxxxxxxxxxx"`, `join("", [PREV, PREV])`), 22},
		{"string doubling by format", doubling(40, `"xxxxxxxxxxxxxxxx"`, `format("%s%s", PREV, PREV)`), 22},
		{"string doubling by replace", doubling(40, `"xxxxxxxxxxxxxxxx"`, `replace(PREV, "x", "xx")`), 22},
		{"list doubling by concat", doubling(40, `["x"]`, `concat(PREV, PREV)`), 21},
		{"list doubling by tuple", doubling(40, `["x"]`, `[PREV, PREV]`), 20},
		{"list doubling by formatlist", doubling(40, `["x"]`, `formatlist("%s", concat(PREV, PREV))`), 20},
		{"object doubling by for", doubling(40, `{a = "x"}`, `{for k, v in {l = PREV, r = PREV} : k => v}`), 20},
		{"replace of every position", "locals {\n  a = join(\"\", [for i in range(1024) : \"abcdefghijklmnop\"])\n  b = replace(local.a, \"\", local.a)\n}\n", 3},
		{"join with a long separator", "locals {\n  a = format(\"%8000000s\", \"\")\n  b = join(local.a, range(1024))\n}\n", 3},
		{"indent by a billion", "locals {\n  x = indent(999999999, \"a\\nb\\nc\")\n}\n", 2},
		{"huge number in a template", "locals {\n  x = \"x${1e6000000}\"\n}\n", 2},
		{"huge number to string", "locals {\n  x = tostring(1e6000000)\n}\n", 2},
		{"huge number by product", doubling(30, `1e300`, `PREV * PREV`), 8},
		{"for joined by a template directive", "locals {\n  a = format(\"%1000000s\", \"\")\n  x = \"%{for i in range(1024)}${local.a}%{endfor}\"\n}\n", 3},
		{"for over a big string list", "locals {\n  a = format(\"%1000000s\", \"\")\n  x = [for i in range(1024) : [for j in range(1024) : local.a]]\n}\n", 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, diags, took := loadSource(t, tc.locals+budgetModel)
			if took > hostileEvalTime {
				t.Errorf("took %v", took)
			}
			var found *hcl.Diagnostic
			for _, d := range diags {
				if d.Summary == "Value too large" {
					if found != nil {
						t.Errorf("a second %q at %v", d.Summary, d.Subject)
					}
					found = d
				}
			}
			if found == nil {
				t.Fatalf("no \"Value too large\":\n%v", diags)
			}
			if found.Severity != hcl.DiagError || found.Subject == nil || found.Subject.Start.Line != tc.line {
				t.Errorf("%s at %v, want an error on line %d", found.Summary, found.Subject, tc.line)
			}
			for _, d := range diags {
				if strings.Contains(d.Summary, "Error in function call") {
					t.Errorf("also %s: %s", d.Summary, d.Detail)
				}
			}
		})
	}
}

// TestBudgetLegitimate: expressions of ordinary size evaluate as before.
func TestBudgetLegitimate(t *testing.T) {
	src := `locals {
  names  = [for i in range(1000) : format("site_%04d", i)]
  table  = {for i, n in local.names : n => i if i % 2 == 0}
  joined = join(",", local.names)
  wide   = format("%-20s|%8.3f", "x", 3.14159)
  nested = [for i in range(300) : [for j in range(300) : i * j]]
  text   = "%{for n in slice(local.names, 0, 3)}${n};%{endfor}"
  big    = 1e300 * 1e300
  hours  = "${2 * 36}h"
  long   = format("%1000000s", "")
  lines  = indent(2, "a\nb")
}
sector "power" {
  label = "${upper(substr(local.joined, 0, 4))} ${length(keys(local.table))} ${length(flatten(local.nested))} ${local.text} ${local.lines}"
}
asset "grid" {
  sector = sector.power
  repair = local.hours
}
asset "hospital" {
  sector     = sector.power
  depends_on = [asset.grid]
}
`
	m, diags, _ := loadSource(t, src)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if got, want := m.Sector("power").Label, "SITE 500 90000 site_0000;site_0001;site_0002; a\n  b"; got != want {
		t.Errorf("label %q, want %q", got, want)
	}
	if got := m.Asset("grid").Repair; got != 72*3600 {
		t.Errorf("repair %v", got)
	}
}

// TestBudgetDiagnosticsKeepExpressions: a diagnostic from inside an evaluated
// for expression still names the values of its variables (its Expression is
// the model's, not the instrumented copy).
func TestBudgetDiagnosticsKeepExpressions(t *testing.T) {
	src := "locals {\n  n = 3\n  x = [for i in range(2) : i + \"a${local.n}\"]\n}\n" + budgetModel
	_, diags, _ := loadSource(t, src)
	if !diags.HasErrors() {
		t.Fatal("no error")
	}
	for _, d := range diags {
		if d.Expression == nil {
			continue
		}
		var found bool
		for _, tr := range d.Expression.Variables() {
			if tr.RootName() == "local" {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: its expression has lost local.n", d.Summary)
		}
	}
}

// TestValueSize checks the measure of values.
func TestValueSize(t *testing.T) {
	var visited int64
	v := cty.TupleVal([]cty.Value{cty.StringVal("abcd"), cty.ObjectVal(map[string]cty.Value{"k": cty.True})})
	n, err := valueSize(v, MaxValueSize, &visited)
	// tuple, string of 4, object with key of 1 and a bool.
	if want := int64(ElementSize + ElementSize + 4 + ElementSize + 1 + ElementSize); err != nil || n != want {
		t.Errorf("size %d %v, want %d", n, err, want)
	}
	if _, err := valueSize(cty.MustParseNumberVal("1e20000"), MaxValueSize, &visited); err != errNum {
		t.Errorf("1e20000: %v", err)
	}
	if _, err := valueSize(cty.MustParseNumberVal("1e9000"), MaxValueSize, &visited); err != nil {
		t.Errorf("1e9000: %v", err)
	}
	if checkValue(cty.StringVal(strings.Repeat("x", MaxValueSize))) != errSize {
		t.Error("a string of MaxValueSize bytes is too large (with its element)")
	}
}

// TestFormatWidths checks the widths read from format strings.
func TestFormatWidths(t *testing.T) {
	for f, want := range map[string]int64{
		"%d":               0,
		"%5d %-10s":        15,
		"%%99d":            0,
		"%08.3f":           11,
		"%[2]9s":           11,
		"%99999999999999d": MaxValueSize + 1,
	} {
		if got := formatWidths(f); got != want {
			t.Errorf("formatWidths(%q) = %d, want %d", f, got, want)
		}
	}
}

// TestNeedsBudget: plain traversals and literals are evaluated as they are.
func TestNeedsBudget(t *testing.T) {
	for src, want := range map[string]bool{
		`sector.power`:           false,
		`[asset.a, asset.b]`:     false,
		`"72h"`:                  false,
		`{a = 1, b = "x"}`:       false,
		`format("%s", "a")`:      false, // the function checks itself
		`"${var.x}h"`:            true,
		`[for x in local.l : x]`: true,
		`1 + 2`:                  true,
		`1e20000`:                true,
	} {
		e, diags := hclsyntax.ParseExpression([]byte(src), "x", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		if got := needsBudget(e); got != want {
			t.Errorf("needsBudget(%s) = %v", src, got)
		}
	}
}
