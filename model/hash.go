package model

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"math"

	"github.com/hashicorp/hcl/v2"
)

// Hash returns a hex SHA-256 of everything in m that can change a result: the
// names, thresholds and weights of sectors and assets, every supply group
// (requires, backup) and dependency (supplier, kind, delay, probability), and
// every scenario (horizon, events with kind, time, probability and assets).
// Labels, colours, locations, organizations, selections and source positions
// are left out: they do not change any result. Checkpoints and part files
// carry it so that work done on one model is never merged with work done on
// another, so it never changes for a given model: values are written as
// 8-byte little-endian integers (floats by their bits) and strings with their
// length, after the tag "cascade-model-v1".
func (m *Model) Hash() string {
	h := &hasher{h: sha256.New()}
	h.str("cascade-model-v1", result)
	walk(h, m)
	h.flush()
	return hex.EncodeToString(h.h.Sum(nil))
}

// hasher is the visitor of Hash: it writes the result fields, each value
// length-prefixed or of fixed size so that different models never share a
// dump, through a buffer.
type hasher struct {
	h   hash.Hash
	buf []byte
}

func (h *hasher) put(v int64) {
	h.buf = binary.LittleEndian.AppendUint64(h.buf, uint64(v))
	if len(h.buf) >= 4096 {
		h.flush()
	}
}

func (h *hasher) flush() {
	h.h.Write(h.buf)
	h.buf = h.buf[:0]
}

func (h *hasher) count(n int, u use) {
	if u == result {
		h.put(int64(n))
	}
}

func (h *hasher) str(s string, u use) {
	if u == result {
		h.put(int64(len(s)))
		h.buf = append(h.buf, s...)
	}
}

func (h *hasher) float(v float64, u use) {
	if u == result {
		h.put(int64(math.Float64bits(v)))
	}
}

func (h *hasher) int(v int64, u use) {
	if u == result {
		h.put(v)
	}
}

func (h *hasher) uint(v uint64, u use) {
	if u == result {
		h.put(int64(v))
	}
}

func (h *hasher) ref(index int, _ bool, u use) {
	if u == result {
		h.put(int64(index))
	}
}

func (h *hasher) prob(v float64, u use) { h.float(v, u) }
func (h *hasher) rng(hcl.Range)         {}
func (h *hasher) flag(bool)             {}
func (h *hasher) part(_, _, _, _ int)   {}
