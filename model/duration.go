package model

import (
	"errors"
	"fmt"
	"math"
)

// durationUnits maps each duration unit to its length in seconds.
var durationUnits = map[string]int64{
	"s": 1,
	"m": 60,
	"h": 3600,
	"d": 86400,
	"w": 604800,
}

// DurationLimit is the bound of every duration, in seconds: 100 years of 365
// days. Durations are shorter, so that no sum of the delays, backups and event
// times of a model, however long its chains, comes near the range of int64 or
// the engine's "never".
const DurationLimit = 100 * 365 * 86400

// ParseDuration parses a model duration and returns it in whole seconds.
//
// A duration is one or more <number><unit> parts with units s, m, h, d and w
// (seconds, minutes, hours, days, weeks), such as "1d12h", "90m" or "0s"; a bare
// "0" is allowed. A number may have a fraction ("1.5h") as long as the total is a
// whole number of seconds. Negative durations, unknown units, spaces and totals of
// DurationLimit (100 years) or more are errors.
func ParseDuration(s string) (int64, error) {
	if s == "0" {
		return 0, nil
	}
	if s == "" {
		return 0, errors.New("empty duration")
	}
	if s[0] == '-' {
		return 0, fmt.Errorf("duration %q is negative; durations are >= 0", s)
	}
	var total int64
	i := 0
	for i < len(s) {
		// The number: digits, optionally a point and more digits.
		start := i
		var whole int64
		overflow := false
		for i < len(s) && isDigit(s[i]) {
			d := int64(s[i] - '0')
			if whole > (math.MaxInt64-d)/10 {
				overflow = true
			} else {
				whole = whole*10 + d
			}
			i++
		}
		var frac, scale int64 = 0, 1
		if i < len(s) && s[i] == '.' {
			i++
			fstart := i
			for i < len(s) && isDigit(s[i]) {
				if scale < 1e9 {
					frac = frac*10 + int64(s[i]-'0')
					scale *= 10
				} else if s[i] != '0' {
					return 0, fmt.Errorf("duration %q has too many decimal places", s)
				}
				i++
			}
			if i == fstart && i-1 == start {
				return 0, fmt.Errorf("duration %q has a point without digits", s)
			}
		}
		if i == start {
			return 0, fmt.Errorf("duration %q: expected a number at %q; write durations like \"90m\" or \"1d12h\"", s, s[start:])
		}
		// The unit: a run of letters.
		ustart := i
		for i < len(s) && isLetter(s[i]) {
			i++
		}
		unit := s[ustart:i]
		if unit == "" {
			if i < len(s) {
				return 0, fmt.Errorf("duration %q: unexpected %q after a number; write durations like \"90m\" or \"1d12h\", without spaces", s, s[i:i+1])
			}
			return 0, fmt.Errorf("duration %q has no unit; use s, m, h, d or w, as in \"%ss\"", s, s[start:])
		}
		mult, ok := durationUnits[unit]
		if !ok {
			return 0, fmt.Errorf("duration %q has an unknown unit %q; units are s, m, h, d and w", s, unit)
		}
		if overflow || whole > math.MaxInt64/mult {
			return 0, tooLong(s)
		}
		secs := whole * mult
		if frac != 0 {
			f := frac * mult // frac < 1e9, mult <= 604800: fits in int64
			if f%scale != 0 {
				return 0, fmt.Errorf("duration %q is not a whole number of seconds", s)
			}
			secs += f / scale // f/scale < mult, secs <= MaxInt64 - mult is not guaranteed
			if secs < 0 {
				return 0, tooLong(s)
			}
		}
		if total > math.MaxInt64-secs {
			return 0, tooLong(s)
		}
		total += secs
	}
	if total >= DurationLimit {
		return 0, tooLong(s)
	}
	return total, nil
}

func tooLong(s string) error {
	return fmt.Errorf("duration %q is too long: durations are shorter than 100 years of 365 days (%ds)", s, int64(DurationLimit))
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// durationDetail is the detail of a diagnostic for a duration that
// ParseDuration rejected with err: the error and the syntax of durations.
func durationDetail(err error) string {
	return fmt.Sprintf("%s. A duration is one or more <number><unit> parts, units s, m, h, d and w, such as \"90m\" or \"1d12h\"; \"0\" is allowed.", capitalize(err.Error()))
}
