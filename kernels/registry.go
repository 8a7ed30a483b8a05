package kernels

// A tier is one implementation level of package simdnn: a set of kernels that
// need the same CPU features. Tiers on one architecture form a chain (Generic <
// AVX2 < AVX512 on amd64, Generic < NEON on arm64); every kernel uses the
// highest enabled tier that has a variant of it.
type tier struct {
	name      string
	enabled   *bool // the variable package simdnn reads on every call
	supported bool  // what CPU detection said at registration
}

var tiers []tier

// Generic is the name of the pure-Go tier, which every build has. It is never
// registered; Select("Generic") or Select("") chooses it.
const Generic = "Generic"

// Register records an implementation tier of package simdnn, lowest first.
// enabled points to the variable that package consults on every call; its
// value at registration is taken as what the CPU supports. Select and Reset
// toggle it. Register is called from package initialisation only.
func Register(name string, enabled *bool) {
	if name == "" || name == Generic {
		panic("kernels.Register: reserved tier name " + `"` + name + `"`)
	}
	for _, t := range tiers {
		if t.name == name {
			panic("kernels.Register: tier " + name + " registered twice")
		}
	}
	tiers = append(tiers, tier{name: name, enabled: enabled, supported: *enabled})
}

// List returns the registered tiers, lowest first, whether or not this CPU
// supports them. Generic is not in the list: it is always there, below all.
func List() []string {
	names := make([]string, len(tiers))
	for i, t := range tiers {
		names[i] = t.name
	}
	return names
}

// Supported reports whether this CPU (as detected at start-up, after GODEBUG)
// supports the named tier. Generic is always supported; unknown names are not.
func Supported(name string) bool {
	if name == "" || name == Generic {
		return true
	}
	for _, t := range tiers {
		if t.name == name {
			return t.supported
		}
	}
	return false
}

// Select caps the implementation level at the named tier: that tier and all
// tiers registered before it keep their detected availability, later tiers
// are disabled. "" or "Generic" selects pure Go everywhere. It reports whether
// the named tier is supported here; for an unknown or unsupported name it
// changes nothing and returns false.
//
// Select is not safe for concurrent use with kernel calls; it is meant for
// tests, benchmarks and workarounds, before any kernel runs.
func Select(name string) bool {
	if !Supported(name) {
		return false
	}
	below := true // tiers up to and including name keep detection
	if name == "" || name == Generic {
		below = false
	}
	for _, t := range tiers {
		*t.enabled = below && t.supported
		if t.name == name {
			below = false
		}
	}
	return true
}

// Cap treats every tier registered after the named one as absent from this
// CPU, for the rest of the process: Supported reports false for them and
// neither Select nor Reset enables them. The named tier and those below it
// keep their detection (a capped tier the CPU lacks stays absent). ""
// and "Generic" leave only Generic. It reports whether the name is Generic
// or a registered tier; for another name it changes nothing. Package simdnn
// calls it at start-up for the environment variable SIMDNN_TIER.
func Cap(name string) bool {
	if name != "" && name != Generic {
		known := false
		for _, t := range tiers {
			known = known || t.name == name
		}
		if !known {
			return false
		}
	}
	below := name != "" && name != Generic
	for i := range tiers {
		t := &tiers[i]
		if !below {
			t.supported = false
		}
		*t.enabled = t.supported
		if t.name == name {
			below = false
		}
	}
	return true
}

// Reset restores the detected defaults: every supported tier enabled.
func Reset() {
	for _, t := range tiers {
		*t.enabled = t.supported
	}
}

// Current returns the name of the highest enabled tier, or Generic.
func Current() string {
	name := Generic
	for _, t := range tiers {
		if *t.enabled {
			name = t.name
		}
	}
	return name
}
