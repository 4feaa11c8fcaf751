package model

import (
	"math/big"
	"regexp"
	"sort"
	"strings"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// functions are the functions available in model expressions: the go-cty
// standard library under Terraform's names. Functions that read files or the
// clock are left out so that a model means the same everywhere; setproduct is
// left out because its result grows exponentially with its arguments.
var functions = map[string]function.Function{
	"abs":             stdlib.AbsoluteFunc,
	"ceil":            stdlib.CeilFunc,
	"chomp":           stdlib.ChompFunc,
	"chunklist":       stdlib.ChunklistFunc,
	"coalesce":        stdlib.CoalesceFunc,
	"coalescelist":    stdlib.CoalesceListFunc,
	"compact":         stdlib.CompactFunc,
	"concat":          stdlib.ConcatFunc,
	"contains":        stdlib.ContainsFunc,
	"distinct":        stdlib.DistinctFunc,
	"element":         stdlib.ElementFunc,
	"flatten":         stdlib.FlattenFunc,
	"floor":           stdlib.FloorFunc,
	"format":          stdlib.FormatFunc,
	"formatlist":      stdlib.FormatListFunc,
	"indent":          stdlib.IndentFunc,
	"index":           stdlib.IndexFunc,
	"join":            stdlib.JoinFunc,
	"jsonencode":      stdlib.JSONEncodeFunc,
	"keys":            stdlib.KeysFunc,
	"length":          stdlib.LengthFunc,
	"log":             stdlib.LogFunc,
	"lookup":          stdlib.LookupFunc,
	"lower":           stdlib.LowerFunc,
	"max":             stdlib.MaxFunc,
	"merge":           stdlib.MergeFunc,
	"min":             stdlib.MinFunc,
	"parseint":        stdlib.ParseIntFunc,
	"pow":             stdlib.PowFunc,
	"range":           stdlib.RangeFunc,
	"regex":           stdlib.RegexFunc,
	"regexall":        stdlib.RegexAllFunc,
	"replace":         stdlib.ReplaceFunc,
	"reverse":         stdlib.ReverseListFunc,
	"setintersection": stdlib.SetIntersectionFunc,
	"setsubtract":     stdlib.SetSubtractFunc,
	"setunion":        stdlib.SetUnionFunc,
	"signum":          stdlib.SignumFunc,
	"slice":           stdlib.SliceFunc,
	"sort":            stdlib.SortFunc,
	"split":           stdlib.SplitFunc,
	"strrev":          stdlib.ReverseFunc,
	"substr":          stdlib.SubstrFunc,
	"title":           stdlib.TitleFunc,
	"tobool":          stdlib.MakeToFunc(cty.Bool),
	"tolist":          stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
	"tomap":           stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
	"tonumber":        stdlib.MakeToFunc(cty.Number),
	"toset":           stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)),
	"tostring":        stdlib.MakeToFunc(cty.String),
	"trim":            stdlib.TrimFunc,
	"trimprefix":      stdlib.TrimPrefixFunc,
	"trimspace":       stdlib.TrimSpaceFunc,
	"trimsuffix":      stdlib.TrimSuffixFunc,
	"upper":           stdlib.UpperFunc,
	"values":          stdlib.ValuesFunc,
	"zipmap":          stdlib.ZipmapFunc,
}

// FunctionNames returns the names of the functions available in model
// expressions, sorted.
func FunctionNames() []string {
	names := make([]string, 0, len(functions))
	for n := range functions {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// budgetFunctions returns the functions of one load, each within its budget:
// the size of what a function makes is charged to the budget and checked
// against MaxValueSize, and the functions whose result can grow faster than
// their arguments (format's widths, replace, join, indent, …) are refused
// before they run when their result would be too large.
func budgetFunctions(b *budget) map[string]function.Function {
	out := make(map[string]function.Function, len(functions))
	for name, f := range functions {
		out[name] = budgetFunction(f, growth[name], convertsTo[name], b)
	}
	return out
}

// convertsTo is the type each conversion function converts its argument to:
// the wrapper makes a list or set of a tuple of one primitive type itself, and
// pays for any other conversion of a tuple or object before the function does it.
var convertsTo = map[string]cty.Type{
	"tolist": cty.List(cty.DynamicPseudoType),
	"toset":  cty.Set(cty.DynamicPseudoType),
	"tomap":  cty.Map(cty.DynamicPseudoType),
}

func budgetFunction(f function.Function, estimate func(args []cty.Value, b *budget) error, to cty.Type, b *budget) function.Function {
	// The wrapper takes marked values as they are, and f unmarks them: the
	// walk of every argument is done once, not twice.
	//
	// Arguments for parameters of collection types are taken as they are and
	// converted by the wrapper, within the budget (convertWithin): go-cty's
	// conversion of a tuple to a list compares every pair of its elements'
	// types, which for the 100,000 elements of a for expression takes minutes.
	params := f.Params()
	conv := make([]cty.Type, len(params)) // the type the wrapper converts to, if any
	for i := range params {
		params[i].AllowMarked = true
		if params[i].Type.IsCollectionType() {
			conv[i], params[i].Type = params[i].Type, cty.DynamicPseudoType
		}
	}
	varParam := f.VarParam()
	var varConv cty.Type
	if varParam != nil {
		varParam.AllowMarked = true
		if varParam.Type.IsCollectionType() {
			varConv, varParam.Type = varParam.Type, cty.DynamicPseudoType
		}
	}
	convertArgs := func(args []cty.Value) ([]cty.Value, error) {
		out := args
		for i, a := range args {
			ty := varConv
			if i < len(conv) {
				ty = conv[i]
			}
			c := a
			switch {
			case ty != cty.NilType:
				var err error
				if c, err = convertWithin(a, ty, b); err != nil {
					if _, ok := err.(*tooLarge); ok {
						return nil, err
					}
					return nil, function.NewArgError(i, err)
				}
			case to != cty.NilType && i == 0:
				// A conversion function: it converts (and words its errors)
				// itself, once paid for.
				var ok bool
				if c, ok = convertTuple(a, to); !ok {
					c = a
					if err := b.charge(conversionWork(a, to)); err != nil {
						return nil, err
					}
				}
			default:
				continue
			}
			if len(out) > 0 && &out[0] == &args[0] {
				out = append([]cty.Value(nil), args...)
			}
			out[i] = c
		}
		return out, nil
	}
	return function.New(&function.Spec{
		Description: f.Description(),
		Params:      params,
		VarParam:    varParam,
		Type: func(args []cty.Value) (cty.Type, error) {
			args, err := convertArgs(args)
			if err != nil {
				return cty.DynamicPseudoType, err
			}
			return f.ReturnTypeForValues(args)
		},
		Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
			if b.exhausted() {
				return cty.UnknownVal(retType), errWork
			}
			args, err := convertArgs(args)
			if err != nil {
				return cty.UnknownVal(retType), err
			}
			if estimate != nil {
				if err := estimate(args, b); err != nil {
					return cty.UnknownVal(retType), err
				}
			}
			v, err := f.Call(args)
			if err != nil {
				return v, err
			}
			if _, err := b.produced(v); err != nil {
				return cty.UnknownVal(retType), err
			}
			return v, nil
		},
	})
}

// argSizes measures the known arguments, charging the elements looked at, and
// fails when one is too large; it returns their total size.
func argSizes(args []cty.Value, b *budget) (int64, error) {
	var total, visited int64
	for _, a := range args {
		n, err := valueSize(a, MaxValueSize, &visited)
		if err != nil {
			return 0, err
		}
		if n > MaxValueSize {
			return 0, errSize
		}
		total += n
	}
	if err := b.charge(visited * visitWork); err != nil {
		return 0, err
	}
	return total, nil
}

// within fails when an estimated result size is over MaxValueSize.
func within(n int64) error {
	if n > MaxValueSize || n < 0 {
		return errSize
	}
	return nil
}

func knownString(v cty.Value) (string, bool) {
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return "", false
	}
	return v.AsString(), true
}

// formatWidths adds up the widths and precisions of the verbs of a format
// string (the digits after each %), saturating at MaxValueSize+1.
func formatWidths(f string) int64 {
	var total int64
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			continue
		}
		i++
		for i < len(f) && strings.IndexByte("%-+# 0.[]123456789", f[i]) >= 0 {
			if f[i] == '%' {
				break
			}
			if f[i] >= '0' && f[i] <= '9' {
				var n int64
				for i < len(f) && f[i] >= '0' && f[i] <= '9' {
					if n <= MaxValueSize {
						n = n*10 + int64(f[i]-'0')
					}
					i++
				}
				total = min(total+n, MaxValueSize+1)
				continue
			}
			i++
		}
	}
	return total
}

// growth estimates, before the call, the size of the results of the functions
// whose result can be much larger than their arguments, and refuses a call
// whose result would be too large. The others are checked after the call.
var growth = map[string]func(args []cty.Value, b *budget) error{
	"format": func(args []cty.Value, b *budget) error {
		n, err := argSizes(args, b)
		if err != nil {
			return err
		}
		f, _ := knownString(args[0])
		return within(n + formatWidths(f))
	},
	"formatlist": func(args []cty.Value, b *budget) error {
		n, err := argSizes(args, b)
		if err != nil {
			return err
		}
		rows := int64(1)
		for _, a := range args {
			if a, _ := a.Unmark(); a.IsKnown() && !a.IsNull() && a.CanIterateElements() {
				rows = max(rows, int64(a.LengthInt()))
			}
		}
		var widths int64
		if f, ok := knownString(args[0]); ok {
			widths = int64(len(f)) + formatWidths(f)
		} else if l, _ := args[0].Unmark(); l.IsKnown() && !l.IsNull() && l.CanIterateElements() {
			for it := l.ElementIterator(); it.Next(); {
				_, e := it.Element()
				if f, ok := knownString(e); ok {
					widths = max(widths, int64(len(f))+formatWidths(f))
				}
			}
		}
		if widths > MaxValueSize {
			return errSize
		}
		// Each row is a call of format: as costly as an element of a for.
		if err := b.charge(rows * IterationWork); err != nil {
			return err
		}
		return within(n + rows*(widths+ElementSize))
	},
	"join": func(args []cty.Value, b *budget) error {
		n, err := argSizes(args, b)
		if err != nil {
			return err
		}
		sep, _ := knownString(args[0])
		var count int64
		for _, l := range args[1:] {
			if l, _ := l.Unmark(); l.IsKnown() && !l.IsNull() && l.CanIterateElements() {
				count += int64(l.LengthInt())
			}
		}
		if count > 0 && int64(len(sep)) > MaxValueSize/count {
			return errSize
		}
		return within(n + count*int64(len(sep)))
	},
	"replace": func(args []cty.Value, b *budget) error {
		n, err := argSizes(args, b)
		if err != nil {
			return err
		}
		s, ok1 := knownString(args[0])
		sub, ok2 := knownString(args[1])
		repl, ok3 := knownString(args[2])
		if !ok1 || !ok2 || !ok3 {
			return within(n)
		}
		var count, each int64
		if len(sub) > 1 && sub[0] == '/' && sub[len(sub)-1] == '/' {
			// A regular expression: at most one match per position, each
			// replaced by repl with its $ references to submatches expanded.
			count = int64(len(s)) + 1
			each = int64(len(repl)) + int64(strings.Count(repl, "$"))*int64(len(s))
		} else {
			count = int64(strings.Count(s, sub))
			each = int64(len(repl))
		}
		if count > 0 && each > MaxValueSize/count {
			return errSize
		}
		return within(n + count*each)
	},
	"indent": func(args []cty.Value, b *budget) error {
		n, err := argSizes(args, b)
		if err != nil {
			return err
		}
		sp, _ := args[0].Unmark()
		s, ok := knownString(args[1])
		if !ok || !sp.IsKnown() || sp.IsNull() {
			return within(n)
		}
		f := sp.AsBigFloat()
		if f.Sign() < 0 {
			return within(n)
		}
		if f.Cmp(big.NewFloat(MaxValueSize)) > 0 {
			return errSize
		}
		spaces, _ := f.Int64()
		lines := int64(strings.Count(s, "\n"))
		if lines > 0 && spaces > MaxValueSize/lines {
			return errSize
		}
		return within(n + lines*spaces)
	},
	"split": func(args []cty.Value, b *budget) error {
		n, err := argSizes(args, b)
		if err != nil {
			return err
		}
		sep, ok1 := knownString(args[0])
		s, ok2 := knownString(args[1])
		if !ok1 || !ok2 {
			return within(n)
		}
		parts := int64(len(s)) + 1
		if sep != "" {
			parts = int64(strings.Count(s, sep)) + 1
		}
		return within(n + parts*ElementSize)
	},
	"regexall": regexEstimate,
	"regex":    regexEstimate,
}

// regexEstimate bounds the result of regex and regexall: a match per position
// of the string at most, each with every group of the pattern.
func regexEstimate(args []cty.Value, b *budget) error {
	n, err := argSizes(args, b)
	if err != nil {
		return err
	}
	pat, ok1 := knownString(args[0])
	s, ok2 := knownString(args[1])
	if !ok1 || !ok2 {
		return within(n)
	}
	re, err := regexp.Compile(pat)
	if err != nil {
		return nil // the function says what is wrong
	}
	groups := int64(re.NumSubexp()) + 1
	matches := int64(len(s)) + 1
	if groups > MaxValueSize/ElementSize/matches {
		return errSize
	}
	return within(n + matches*groups*ElementSize)
}

// For every other function of the table, the result is no more than about
// the size of its arguments (or small), and is checked after the call; for
// these the arguments are checked before, so that a function never walks a
// value larger than MaxValueSize.
func init() {
	for _, name := range []string{"concat", "flatten", "merge", "setunion", "setintersection", "setsubtract", "chunklist", "zipmap", "jsonencode", "distinct", "sort", "reverse", "tolist", "toset", "tomap", "tostring", "strrev", "upper", "lower", "title", "values", "keys", "compact", "coalescelist"} {
		if growth[name] == nil {
			growth[name] = func(args []cty.Value, b *budget) error {
				n, err := argSizes(args, b)
				if err != nil {
					return err
				}
				return within(n)
			}
		}
	}
}
