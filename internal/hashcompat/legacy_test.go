package hashcompat_test

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"math"

	"github.com/cascade-infra/cascade/model"
)

// legacyHash is cascade.ModelHash as it was when the hash moved to model.Hash, kept
// frozen here as the oracle that the hash, stored in checkpoints and part files, has
// not changed. It returns a hex SHA-256 of everything in m that can change a result: the
// names, thresholds and weights of sectors and assets, every supply group (requires,
// backup) and dependency (supplier, kind, delay, probability), and every scenario
// (horizon, events with kind, time, probability and assets). Labels, colours,
// locations and source positions are left out: they do not change any result.
// Checkpoints and part files carry it so that work done on one model is never merged
// with work done on another.
func legacyHash(m *model.Model) string {
	h := &hasher{h: sha256.New()}
	h.str("cascade-model-v1")
	h.int(int64(len(m.Sectors)))
	for _, s := range m.Sectors {
		h.str(s.Name)
		h.float(s.Threshold)
	}
	h.int(int64(len(m.Assets)))
	for _, a := range m.Assets {
		h.str(a.Name)
		h.int(int64(a.Sector.Index))
		h.float(a.Weight)
		h.int(int64(len(a.Groups)))
		for _, g := range a.Groups {
			h.str(g.Name)
			h.int(int64(g.Requires))
			h.int(g.Backup)
			h.int(int64(len(g.Dependencies)))
			for _, d := range g.Dependencies {
				h.int(int64(d.On.Index))
				h.int(int64(d.Kind))
				h.int(d.Delay)
				h.float(d.Probability)
			}
		}
	}
	h.int(int64(len(m.Scenarios)))
	for _, sc := range m.Scenarios {
		h.str(sc.Name)
		h.int(sc.Horizon)
		h.int(int64(len(sc.Events)))
		for _, e := range sc.Events {
			h.str(e.Name)
			h.int(int64(e.Kind))
			h.int(e.At)
			h.float(e.Probability)
			h.int(int64(len(e.Assets)))
			for _, a := range e.Assets {
				h.int(int64(a.Index))
			}
		}
	}
	return hex.EncodeToString(h.h.Sum(nil))
}

// hasher writes length-prefixed values so that different models never share a dump.
type hasher struct {
	h   hash.Hash
	buf [8]byte
}

func (h *hasher) int(v int64) {
	binary.LittleEndian.PutUint64(h.buf[:], uint64(v))
	h.h.Write(h.buf[:])
}

func (h *hasher) float(f float64) { h.int(int64(math.Float64bits(f))) }

func (h *hasher) str(s string) {
	h.int(int64(len(s)))
	h.h.Write([]byte(s))
}
