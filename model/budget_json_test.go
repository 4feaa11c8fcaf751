package model

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/hashicorp/hcl/v2"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// jsonLocals is a .hcl.json file with a locals object of the given names and
// values (JSON strings are templates of the native syntax).
func jsonLocals(t *testing.T, locals map[string]any) string {
	t.Helper()
	src, err := json.Marshal(map[string]any{"locals": locals})
	if err != nil {
		t.Fatal(err)
	}
	return string(src)
}

// jsonDoubling is doubling in JSON: each level is a template of two of the one
// before by how, PREV standing for it.
func jsonDoubling(levels int, how string) map[string]any {
	l := map[string]any{"a0": "xxxxxxxxxxxxxxxx"}
	for i := 1; i <= levels; i++ {
		l[fmt.Sprintf("a%d", i)] = strings.ReplaceAll(how, "PREV", fmt.Sprintf("local.a%d", i-1))
	}
	return l
}

// TestBudgetHostileJSON: the templates of a .hcl.json model are evaluated
// within the same budget as expressions of the native syntax — a nested for
// in a JSON string is refused quickly with "Value too large" at the for
// expression's collection, where the JSON syntax alone would run for a minute
// and take gigabytes — wherever the string is (a local, an element of an
// array, an object's key or value).
func TestBudgetHostileJSON(t *testing.T) {
	nested := "[for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]]"
	cases := []struct {
		name   string
		locals map[string]any
		// at is the text the diagnostic's range covers, or the string within
		// its quotes (in a string without escapes, whose columns the JSON
		// syntax gives exactly).
		at string
	}{
		{"nested for in a template", map[string]any{"x": "${length(" + nested + ")}"}, "range(1024)"},
		{"nested for alone", map[string]any{"x": "${" + nested + "}"}, "range(1024)"},
		{"nested for in an array", map[string]any{"x": []any{"y", 1, "${" + nested + "}"}}, "range(1024)"},
		{"nested for in an object", map[string]any{"x": map[string]any{"k": map[string]any{"j": "${" + nested + "}"}}}, "range(1024)"},
		{"nested for in an object key", map[string]any{"x": map[string]any{"${length(" + nested + ")}": 1}}, "range(1024)"},
		{"for joined by a template directive", map[string]any{"a": "${format(\"%1000000s\", \"\")}", "x": "%{for i in range(1024)}%{for j in range(1024)}${local.a}%{endfor}%{endfor}"}, ""},
		{"format width", map[string]any{"x": "${format(\"%999999999s\", \"a\")}"}, ""},
		{"string doubling by template, unused", jsonDoubling(40, "${PREV}${PREV}"), "${local.a19}${local.a19}"},
		{"list doubling", jsonDoubling(40, "${[PREV, PREV]}"), ""},
		{"huge number in a template", map[string]any{"x": "x${1e6000000}"}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := jsonLocals(t, tc.locals)
			fsys := fstest.MapFS{"m.hcl": {Data: []byte(budgetModel)}, "l.hcl.json": {Data: []byte(src)}}
			start := time.Now()
			_, diags := NewParser().Load(".", Options{FS: fsys})
			if took := time.Since(start); took > hostileEvalTime {
				t.Errorf("took %v", took)
			}
			var found []*hcl.Diagnostic
			for _, d := range diags {
				if d.Summary == "Value too large" {
					found = append(found, d)
				}
				if strings.Contains(d.Summary, "Error in function call") {
					t.Errorf("also %s: %s", d.Summary, d.Detail)
				}
			}
			if len(found) != 1 {
				t.Fatalf("%d \"Value too large\", want 1:\n%v", len(found), diags)
			}
			d := found[0]
			if d.Severity != hcl.DiagError || d.Subject == nil || d.Subject.Filename != "l.hcl.json" {
				t.Fatalf("%s at %v, want an error in l.hcl.json", d.Summary, d.Subject)
			}
			if got := src[d.Subject.Start.Byte:d.Subject.End.Byte]; tc.at != "" && got != tc.at && got != `"`+tc.at+`"` {
				t.Errorf("at %q, want %q", got, tc.at)
			}
		})
	}
}

// TestBudgetJSONAsTheSyntax: evaluated within the budget, an expression of the
// JSON syntax has the value and the diagnostics (summary and range) the JSON
// syntax itself gives it.
func TestBudgetJSONAsTheSyntax(t *testing.T) {
	ctx := &hcl.EvalContext{
		Variables: map[string]cty.Value{
			"local": cty.ObjectVal(map[string]cty.Value{"n": cty.NumberIntVal(3), "s": cty.StringVal("k"), "u": cty.UnknownVal(cty.String), "z": cty.NullVal(cty.String)}),
		},
		Functions: budgetFunctions(newBudget()),
	}
	for _, src := range []string{
		`"plain"`,
		`"${local.n}"`,
		`"a${local.n}b"`,
		`"%{for i in range(3)}${i},%{endfor}"`,
		`12.5`, `true`, `null`, `[]`, `{}`,
		`[1, "x", "${local.n * 2}", [null, {"a": "${local.s}"}]]`,
		`{"${local.s}": 1, "b": ["${upper(local.s)}"]}`,
		`{"k": 1, "${local.s}": 2}`,
		`{"${local.u}": 1, "b": 2}`,
		`{"${local.z}": 1}`,
		`{"${[1]}": 1}`,
		`"${local.missing}"`,
		`"${"`,
		`{"a": "${local.missing}", "${local.missing}": 2}`,
		`"${[for i in range(3) : i + \"x\"]}"`,
	} {
		expr, diags := hcljson.ParseExpression([]byte(src), "e.json")
		if diags.HasErrors() {
			t.Fatalf("%s: %v", src, diags)
		}
		want, wantDiags := expr.Value(ctx)
		got, gotDiags := evalBudget(expr, ctx, newBudget())
		if !got.RawEquals(want) {
			t.Errorf("%s: %#v, want %#v", src, got, want)
		}
		if g, w := diagSummary(gotDiags), diagSummary(wantDiags); g != w {
			t.Errorf("%s: diagnostics\n%s\nwant\n%s", src, g, w)
		}
	}
}

// diagSummary is each diagnostic's severity, summary and range, a line each.
func diagSummary(diags hcl.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "%v %s %v\n", d.Severity, d.Summary, d.Subject)
	}
	return b.String()
}

// TestConvertWithinAsConvert: convertWithin gives what convert.Convert gives —
// value and whether it fails — for tuples it converts itself and for those it
// leaves to convert.Convert.
func TestConvertWithinAsConvert(t *testing.T) {
	s, n := cty.StringVal, cty.NumberIntVal
	tup := cty.TupleVal
	vals := []cty.Value{
		tup([]cty.Value{s("a"), s("b"), s("a")}),
		tup([]cty.Value{n(1), n(2), n(1)}),
		tup([]cty.Value{s("1"), s("x")}),
		tup([]cty.Value{cty.True, cty.False}),
		tup([]cty.Value{s("a"), cty.NullVal(cty.String), cty.UnknownVal(cty.String)}),
		tup([]cty.Value{n(1), cty.UnknownVal(cty.Number)}),
		tup([]cty.Value{n(1), s("a")}),
		tup([]cty.Value{s("a").Mark("m"), s("b")}),
		tup([]cty.Value{tup([]cty.Value{s("a")}), tup([]cty.Value{s("b")})}),
		tup([]cty.Value{cty.ObjectVal(map[string]cty.Value{"a": n(1)})}),
		tup(nil),
		cty.ListVal([]cty.Value{s("a")}),
		cty.ObjectVal(map[string]cty.Value{"a": n(1), "b": s("x")}),
		s("a"),
	}
	types := []cty.Type{
		cty.List(cty.String), cty.List(cty.Number), cty.List(cty.Bool), cty.List(cty.DynamicPseudoType),
		cty.Set(cty.String), cty.Set(cty.Number), cty.Set(cty.DynamicPseudoType),
		cty.Map(cty.String), cty.List(cty.List(cty.String)), cty.String,
	}
	for _, v := range vals {
		for _, ty := range types {
			want, werr := convert.Convert(v, ty)
			got, gerr := convertWithin(v, ty, newBudget())
			if (werr != nil) != (gerr != nil) || werr == nil && !got.RawEquals(want) {
				t.Errorf("%#v to %s: %#v, %v; want %#v, %v", v, ty.FriendlyName(), got, gerr, want, werr)
			}
		}
	}
}

// TestConversionBudget: a long tuple that go-cty would convert to a list by
// comparing every pair of its elements' types is refused when it is of many
// types, and converted in one pass when it is of one primitive type (the
// functions that take lists, and tolist, toset and tomap).
func TestConversionBudget(t *testing.T) {
	long := "flatten([for i in range(100) : [for j in range(1000) : %s]])"
	for _, tc := range []struct {
		expr string
		ok   bool
	}{
		{"join(\",\", " + fmt.Sprintf(long, `"a"`) + ")", true},
		{"join(\",\", " + fmt.Sprintf(long, `j`) + ")", true},
		{"length(tolist(" + fmt.Sprintf(long, `"a"`) + "))", true},
		{"length(toset(" + fmt.Sprintf(long, `j`) + "))", true},
		{"length(distinct(" + fmt.Sprintf(long, `{a = j}`) + "))", false},
		{"length(tolist(" + fmt.Sprintf(long, `{a = j}`) + "))", false},
		{"length(concat(" + fmt.Sprintf(long, `{a = j}`) + ", []))", true}, // tuples in, a tuple out: no conversion
	} {
		t.Run(tc.expr, func(t *testing.T) {
			_, diags, took := loadSource(t, "locals {\n  x = "+tc.expr+"\n}\n"+budgetModel)
			if took > hostileEvalTime {
				t.Errorf("took %v", took)
			}
			tooLarge := false
			for _, d := range diags {
				if d.Severity == hcl.DiagError {
					if d.Summary != "Value too large" {
						t.Errorf("%s: %s", d.Summary, d.Detail)
					}
					tooLarge = true
				}
			}
			if tooLarge == tc.ok {
				t.Errorf("value too large: %v, want %v (in %v)", tooLarge, !tc.ok, took)
			}
		})
	}
}
