// Package model holds a cascade model: sectors, organizations, assets with their
// supply groups and dependencies, and scenarios of physical and cyber events. A Model
// is produced by Load from HCL files, fully resolved (references point at objects)
// and validated; it is read-only afterwards.
package model

import (
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// NoHorizon is the value of Scenario.Horizon when the scenario runs until nothing changes.
const NoHorizon int64 = -1

// Model is a loaded and validated model. Every slice is sorted by name and every
// object's Index is its position in its slice, so dense IDs are deterministic.
type Model struct {
	Sectors       []*Sector
	Organizations []*Organization
	Assets        []*Asset
	Scenarios     []*Scenario
	// Mitigations are the model's mitigation blocks, applied or not, by name.
	Mitigations []*Mitigation
	// Channels are the model's channel blocks, by name (shares_with entries are not
	// among them).
	Channels []*Channel

	// Files holds the parsed source files by file name, for diagnostic snippets.
	Files map[string]*hcl.File
}

// Sector is a critical-infrastructure sector.
type Sector struct {
	Name      string
	Label     string  // display name; the name when not given
	Color     string  // "#rrggbb"; from a palette when not given
	Threshold float64 // fraction (0,1] of the sector's weight whose failure fails the sector
	Index     int
	DeclRange hcl.Range
}

// Organization is an operator, government body, ISAC, CERT, military unit or vendor.
type Organization struct {
	Name       string
	Label      string
	Country    string // ISO 3166-1 alpha-2, or ""
	Kind       string // government | operator | isac | cert | military | vendor, or ""
	SharesWith []*Organization
	// Crews is how many of its assets can be under repair at once (>= 1), or 0 for
	// unlimited crews.
	Crews int
	// Detect is the seconds from the first compromise of one of its assets to its
	// detection (>= 1), or 0 when it never detects.
	Detect int64
	// Respond is the seconds from being alerted to being protected (>= 0), meaningful
	// only when Responds; an organization without respond never protects.
	Respond   int64
	Responds  bool
	Index     int
	DeclRange hcl.Range
}

// Location is a point in WGS84 degrees.
type Location struct {
	Lat, Lon float64
}

// Asset is one piece of infrastructure.
type Asset struct {
	Name     string
	Label    string
	Sector   *Sector
	Operator *Organization // nil when not given
	Country  string        // the operator's country when not given
	Region   string
	Location *Location // nil when not given
	Tags     []string
	Weight   float64 // share of the sector, > 0

	// Groups are the asset's supply groups: the unnamed group (Name "") first,
	// present even when it has no dependencies, then each needs block in source order.
	Groups []*SupplyGroup

	// Restoration (docs/semantics.md, "Restoration"). Repair is the crew time in
	// seconds to repair physical damage, 0 when damage is permanent; Recover the
	// seconds from a compromise to its cleaning, 0 when a compromise is permanent;
	// Restart the seconds the asset needs to resume once nothing keeps it down
	// (default 0); Priority orders its operator's repair queue, higher first
	// (default 0, any finite number).
	Repair, Recover, Restart int64
	Priority                 float64

	Index int
	// DeclRange is where the asset is declared (Span: a model may have millions).
	DeclRange Span
}

// SupplyGroup is a set of suppliers of which the asset needs Requires.
type SupplyGroup struct {
	Name         string // "" for the asset's own group
	Requires     int    // k: suppliers needed, 1..len(Dependencies); len for "all", 1 for "any"; 0 for an empty group
	RequiresMode string // "all", "any" or "k" as written
	Backup       int64  // seconds the asset keeps working after losing the group's supply
	Dependencies []*Dependency
	DeclRange    Span // where the group is declared: the asset's range for the unnamed group
}

// Kind is the kind of a dependency.
type Kind uint8

// Dependency kinds.
const (
	Physical Kind = iota
	Cyber
	Geographic
	Logical
)

var kindNames = [...]string{"physical", "cyber", "geographic", "logical"}

// String returns the kind as written in a model.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// ParseKind returns the kind named s.
func ParseKind(s string) (Kind, bool) {
	for i, n := range kindNames {
		if n == s {
			return Kind(i), true
		}
	}
	return 0, false
}

// Dependency is an edge from a supplier (On) to the asset that declares it.
type Dependency struct {
	On          *Asset
	Kind        Kind
	Delay       int64   // seconds from the supplier's failure to its effect
	Probability float64 // chance in [0,1] that the supplier's failure reaches the dependent
	DeclRange   Span    // where the dependency is declared
}

// Scenario is a named set of events.
type Scenario struct {
	Name      string
	Label     string
	Horizon   int64 // seconds; NoHorizon when not given
	Events    []*Event
	Index     int
	DeclRange hcl.Range
}

// EventKind is physical or cyber.
type EventKind uint8

// Event kinds.
const (
	PhysicalEvent EventKind = iota
	CyberEvent
)

// String returns the event kind as written in a model.
func (k EventKind) String() string {
	if k == CyberEvent {
		return "cyber"
	}
	return "physical"
}

// Event hits a set of assets at a time.
type Event struct {
	Name        string
	Kind        EventKind
	At          int64   // seconds from the start of the scenario
	Probability float64 // chance in [0,1] that each selected asset is hit
	// Assets is the union of targets and the assets matched by select, sorted by
	// Index, without duplicates.
	Assets    []*Asset
	Select    *Select // nil when the event has no select block
	DeclRange hcl.Range
}

// Select is the criteria of an event's select block; every given criterion must hold.
type Select struct {
	Sectors   []*Sector
	Regions   []string
	Countries []string
	Operators []*Organization
	Tags      []string
	Within    *Circle
}

// Circle is a disc on the earth's surface.
type Circle struct {
	Lat, Lon float64 // degrees
	RadiusKm float64
}

// Sector returns the sector named name, or nil.
func (m *Model) Sector(name string) *Sector {
	return lookup(m.Sectors, name, func(x *Sector) string { return x.Name })
}

// Asset returns the asset named name, or nil.
func (m *Model) Asset(name string) *Asset {
	return lookup(m.Assets, name, func(x *Asset) string { return x.Name })
}

// Organization returns the organization named name, or nil.
func (m *Model) Organization(name string) *Organization {
	return lookup(m.Organizations, name, func(x *Organization) string { return x.Name })
}

// Scenario returns the scenario named name, or nil.
func (m *Model) Scenario(name string) *Scenario {
	return lookup(m.Scenarios, name, func(x *Scenario) string { return x.Name })
}

// NumDependencies returns the number of dependency edges of the model.
func (m *Model) NumDependencies() int {
	n := 0
	for _, a := range m.Assets {
		for _, g := range a.Groups {
			n += len(g.Dependencies)
		}
	}
	return n
}

// lookup finds name in xs, which is sorted by name.
func lookup[T any](xs []*T, name string, nameOf func(*T) string) *T {
	i, ok := slices.BinarySearchFunc(xs, name, func(x *T, n string) int { return strings.Compare(nameOf(x), n) })
	if !ok {
		return nil
	}
	return xs[i]
}
