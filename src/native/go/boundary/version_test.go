package boundary

import "testing"

func TestAbiVersionIsKeptAndReused(t *testing.T) {
	p := AbiVersion("2.1")
	if got := GoStringNUL(p); got != "2.1" {
		t.Fatalf("AbiVersion(\"2.1\") reads %q", got)
	}
	if AbiVersion("2.1") != p {
		t.Fatal("the same version must return the same pointer")
	}
	if AbiVersion("2.2") == p {
		t.Fatal("another version must return another string")
	}
}
