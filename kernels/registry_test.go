package kernels

import "testing"

// TestCap registers three tiers, all supported, and caps them: the ones above
// the cap become unsupported for good (Select and Reset do not bring them
// back), unknown names change nothing.
func TestCap(t *testing.T) {
	saved := tiers
	defer func() { tiers = saved }()
	tiers = nil
	a, b, c := true, true, false // c: not on this "CPU"
	Register("A", &a)
	Register("B", &b)
	Register("C", &c)
	if Cap("Nope") {
		t.Fatal("Cap of an unknown name reported true")
	}
	if !Supported("B") || Current() != "B" {
		t.Fatalf("an unknown name changed the tiers: Supported(B) %v, Current %s", Supported("B"), Current())
	}
	if !Cap("C") || Current() != "B" || Supported("C") {
		t.Fatalf("Cap(C), which the CPU lacks: Current %s, Supported(C) %v", Current(), Supported("C"))
	}
	if !Cap("A") || Current() != "A" || Supported("B") || !Supported("A") {
		t.Fatalf("Cap(A): Current %s, Supported(A) %v, Supported(B) %v", Current(), Supported("A"), Supported("B"))
	}
	Reset()
	if Select("B") || Current() != "A" {
		t.Fatalf("after Cap(A), Reset and Select(B): Current %s", Current())
	}
	if !Cap(Generic) || Current() != Generic || Supported("A") {
		t.Fatalf("Cap(Generic): Current %s, Supported(A) %v", Current(), Supported("A"))
	}
}
