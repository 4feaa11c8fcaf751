// Package provenance says where a result comes from: the build of cascade that
// computed it (version and version-control revision, from the build information
// the Go toolchain records in the binary) and the inputs that determine it (the
// model's hash, the scenario, the variables, mitigations, seed and trials). Every
// JSON output of cascade carries it, so that a result handed on can be traced and
// reproduced (docs/cli.md, "Provenance").
package provenance

import (
	"runtime/debug"
	"strings"
)

// Build describes the binary that computed a result.
type Build struct {
	// Version is the module version of the build: a release tag, a pseudo-version
	// the toolchain derived from version control, or "devel" when the build
	// recorded none (a test binary, a build with -buildvcs=false).
	Version string `json:"version"`
	// Revision is the version-control revision the binary was built from, "" when
	// not recorded.
	Revision string `json:"revision,omitempty"`
	// Time is the commit time of Revision (RFC 3339), "" when not recorded.
	Time string `json:"revision_time,omitempty"`
	// Modified is true when the work tree had uncommitted changes at build time.
	Modified bool `json:"modified,omitempty"`
	// GoVersion is the Go toolchain that built the binary.
	GoVersion string `json:"go_version,omitempty"`
}

// Version and Revision, when set at link time, replace what the toolchain
// recorded: the Go toolchain does not record version control in a linked git
// worktree (golang/go#58218) or with -buildvcs=false, so a build there can say
// where it comes from with
//
//	go build -ldflags "-X github.com/cascade-infra/cascade/provenance.Revision=$(git rev-parse HEAD)" ./cmd/cascade
//
// (and, for a release, -X ...provenance.Version=v1.2.0). RevisionTime and
// Modified ("true") may be set the same way.
var (
	Version      string
	Revision     string
	RevisionTime string
	Modified     string
)

// ReadBuild returns the build information of the running binary.
func ReadBuild() Build {
	var b Build
	if bi, ok := debug.ReadBuildInfo(); ok {
		b = fromBuildInfo(bi)
	} else {
		b = Build{Version: "devel"}
	}
	return b.withLinked(Version, Revision, RevisionTime, Modified)
}

// withLinked returns b with the values set at link time in place of the recorded
// ones; a revision given without a version makes the version "devel+REV12".
func (b Build) withLinked(version, revision, revTime, modified string) Build {
	if revision != "" {
		b.Revision, b.Time, b.Modified = revision, revTime, modified == "true"
		if version == "" && b.Version == "devel" {
			short := revision
			if len(short) > 12 {
				short = short[:12]
			}
			b.Version = "devel+" + short
		}
	}
	if version != "" {
		b.Version = version
	}
	return b
}

// fromBuildInfo extracts a Build from the toolchain's build information.
func fromBuildInfo(bi *debug.BuildInfo) Build {
	b := Build{Version: bi.Main.Version, GoVersion: bi.GoVersion}
	if b.Version == "" || b.Version == "(devel)" {
		b.Version = "devel"
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.time":
			b.Time = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	return b
}

// String renders the build for people: "v1.2.0 (revision 0123abcd, modified, go1.26.0)".
func (b Build) String() string {
	var extra []string
	if b.Revision != "" {
		rev := b.Revision
		if len(rev) > 12 {
			rev = rev[:12]
		}
		extra = append(extra, "revision "+rev)
	}
	if b.Time != "" {
		extra = append(extra, b.Time)
	}
	if b.Modified {
		extra = append(extra, "modified")
	}
	if b.GoVersion != "" {
		extra = append(extra, b.GoVersion)
	}
	if len(extra) == 0 {
		return b.Version
	}
	return b.Version + " (" + strings.Join(extra, ", ") + ")"
}

// Info is the provenance of one result: the build, and the inputs that determine
// the result. It is the "provenance" member of every JSON output.
type Info struct {
	Build
	// ModelHash is model.Model.Hash of the model as run (mitigations applied): a
	// hex SHA-256 of everything in it that can change a result.
	ModelHash string `json:"model_hash"`
	// Scenario is the scenario run, "" for outputs about the whole model.
	Scenario string `json:"scenario,omitempty"`
	// Vars are the --var values given, by name (empty when none).
	Vars map[string]string `json:"vars"`
	// VarFiles are the --var-file paths given, in order.
	VarFiles []string `json:"var_files,omitempty"`
	// Mitigations are the mitigations applied, in order.
	Mitigations []string `json:"mitigations,omitempty"`
	// Seed and Trials describe a Monte Carlo batch; Trials is 0 for a
	// deterministic run, which has no seed.
	Seed   *uint64 `json:"seed,omitempty"`
	Trials int64   `json:"trials,omitempty"`
	// Options are the command's other settings that change the result, by flag
	// name without dashes ("horizon": "86400s", "k": "2"), only those given.
	Options map[string]string `json:"options,omitempty"`
}

// New returns the provenance of a result computed by the running binary.
func New(modelHash, scenario string, vars map[string]string) Info {
	if vars == nil {
		vars = map[string]string{}
	}
	return Info{Build: ReadBuild(), ModelHash: modelHash, Scenario: scenario, Vars: vars}
}

// WithOption returns p with the setting name (a flag name without dashes) at value.
func (p Info) WithOption(name, value string) Info {
	opts := make(map[string]string, len(p.Options)+1)
	for k, v := range p.Options {
		opts[k] = v
	}
	opts[name] = value
	p.Options = opts
	return p
}

// WithTrials returns p for a Monte Carlo batch of trials drawn from seed.
func (p Info) WithTrials(trials int64, seed uint64) Info {
	p.Trials, p.Seed = trials, &seed
	return p
}
