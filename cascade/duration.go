package cascade

import "strconv"

// FormatDuration renders s seconds human-style with the units of the model language,
// largest first and zero parts left out: 0 → "0s", 2700 → "45m", 108000 → "1d6h",
// 1468800 → "2w3d". Negative durations get a leading "-"; Never renders as "never".
func FormatDuration(s int64) string {
	if s == Never {
		return "never"
	}
	if s == 0 {
		return "0s"
	}
	var b []byte
	u := uint64(s)
	if s < 0 {
		b = append(b, '-')
		u = uint64(-s) // also right for math.MinInt64 as an unsigned value
	}
	units := [...]struct {
		sec  uint64
		name byte
	}{{604800, 'w'}, {86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}}
	for _, un := range units {
		if q := u / un.sec; q > 0 {
			b = strconv.AppendUint(b, q, 10)
			b = append(b, un.name)
			u -= q * un.sec
		}
	}
	return string(b)
}
