package simdnn

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/arch/arm64/arm64asm"
)

// TestArm64Words decodes every WORD in the arm64 assembly and compares it
// with the GNU instruction written beside it: "WORD $0x… // gnu" on plain
// lines, "WORD $(expr) /* gnu */" inside #define bodies, where the
// expression and the comment may use the macro's parameters ({expr} in the
// comment stands for the value of an expression of them, e.g. v{8+k}). Macro bodies are checked at every
// expansion, with the arguments of that use. It runs on every host: it
// reads the source, it does not assemble it.
func TestArm64Words(t *testing.T) {
	files, _ := filepath.Glob("*_arm64.s")
	if len(files) == 0 {
		t.Fatal("no *_arm64.s files")
	}
	checked := 0
	for _, f := range files {
		checked += checkWords(t, f)
	}
	if checked < 100 {
		t.Fatalf("only %d WORD lines checked; the parser is missing some", checked)
	}
	t.Logf("%d WORD lines checked", checked)
}

type asmMacro struct {
	params []string
	body   []string // one entry per physical line, continuation marks removed
}

var (
	defineRE = regexp.MustCompile(`^#define\s+(\w+)(?:\(([^)]*)\))?\s*(.*)$`)
	callRE   = regexp.MustCompile(`^\s*(\w+)\((.*)\)\s*$`)
	wordRE   = regexp.MustCompile(`\bWORD\s+\$(\S+|\(.*?\))\s*(?://\s*(.*?)|/\*\s*(.*?)\s*\*/)?\s*\\?\s*(?://.*)?$`)
)

// checkWords checks one file and returns how many WORDs it checked.
func checkWords(t *testing.T, path string) int {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	macros := map[string]*asmMacro{}
	var cur *asmMacro
	var top []string // lines outside #define bodies, with their line numbers
	var topLine []int
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		code, cont := splitContinuation(line)
		if cur != nil {
			cur.body = append(cur.body, code)
			if !cont {
				cur = nil
			}
			continue
		}
		if m := defineRE.FindStringSubmatch(line); m != nil {
			mac := &asmMacro{}
			if m[2] != "" {
				for _, p := range strings.Split(m[2], ",") {
					mac.params = append(mac.params, strings.TrimSpace(p))
				}
			}
			first, c := splitContinuation(m[3])
			if strings.TrimSpace(first) != "" {
				mac.body = append(mac.body, first)
			}
			macros[m[1]] = mac
			if c {
				cur = mac
			}
			continue
		}
		top = append(top, line)
		topLine = append(topLine, n)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	checked := 0
	var expand func(where string, lines []string, depth int)
	expand = func(where string, lines []string, depth int) {
		if depth > 8 {
			t.Errorf("%s: macros nested too deep", where)
			return
		}
		for _, l := range lines {
			if strings.HasPrefix(strings.TrimSpace(l), "//") {
				continue
			}
			call := l
			if i := strings.Index(call, "//"); i >= 0 {
				call = call[:i]
			}
			if m := callRE.FindStringSubmatch(call); m != nil {
				if mac, ok := macros[m[1]]; ok {
					args := splitArgs(m[2])
					if len(args) != len(mac.params) {
						t.Errorf("%s: %s takes %d arguments, got %d", where, m[1], len(mac.params), len(args))
						continue
					}
					body := make([]string, len(mac.body))
					for i, b := range mac.body {
						body[i] = substitute(b, mac.params, args)
					}
					expand(where+" in "+m[1], body, depth+1)
					continue
				}
			}
			if w := wordRE.FindStringSubmatch(l); w != nil {
				checked++
				checkWord(t, where, w[1], w[2]+w[3])
			} else if strings.Contains(l, "WORD") {
				t.Errorf("%s: unparsed WORD line %q", where, l)
			}
		}
	}
	for i, l := range top {
		expand(path+":"+strconv.Itoa(topLine[i]), []string{l}, 0)
	}
	return checked
}

// splitContinuation returns line without a trailing "\ // comment" or "\"
// (keeping a "/* */" comment before it) and whether the line continues.
func splitContinuation(line string) (string, bool) {
	code := line
	if i := strings.Index(code, "//"); i >= 0 {
		head := strings.TrimRight(code[:i], " \t")
		if strings.HasSuffix(head, "\\") {
			return strings.TrimSuffix(head, "\\"), true
		}
	}
	trimmed := strings.TrimRight(code, " \t")
	if strings.HasSuffix(trimmed, "\\") {
		return strings.TrimSuffix(trimmed, "\\"), true
	}
	return line, false
}

func splitArgs(s string) []string {
	var args []string
	for _, a := range strings.Split(s, ",") {
		args = append(args, strings.TrimSpace(a))
	}
	return args
}

// substitute replaces whole-word parameters in code and {p} in comments.
func substitute(s string, params, args []string) string {
	for i, p := range params {
		s = strings.ReplaceAll(s, "{"+p+"}", "{"+args[i]+"}")
		s = regexp.MustCompile(`\b`+regexp.QuoteMeta(p)+`\b`).ReplaceAllString(s, args[i])
	}
	return s
}

// checkWord evaluates a WORD operand and compares its decoding with gnu.
func checkWord(t *testing.T, where, expr, gnu string) {
	t.Helper()
	if gnu == "" {
		t.Errorf("%s: WORD %s has no GNU instruction beside it", where, expr)
		return
	}
	tv, err := types.Eval(token.NewFileSet(), nil, token.NoPos, expr)
	if err != nil || tv.Value == nil || tv.Value.Kind() != constant.Int {
		t.Errorf("%s: cannot evaluate WORD operand %s: %v", where, expr, err)
		return
	}
	v, ok := constant.Uint64Val(tv.Value)
	if !ok || v > 0xffffffff {
		t.Errorf("%s: WORD operand %s is not a 32-bit value", where, expr)
		return
	}
	gnu = placeholderRE.ReplaceAllStringFunc(gnu, func(p string) string {
		v, err := types.Eval(token.NewFileSet(), nil, token.NoPos, p[1:len(p)-1])
		if err != nil || v.Value == nil || v.Value.Kind() != constant.Int {
			return p // a GNU register list such as {v0.4s}
		}
		return v.Value.ExactString()
	})
	var b [4]byte
	binary.LittleEndian.PutUint32(b[:], uint32(v))
	var got string
	if inst, err := arm64asm.Decode(b[:]); err == nil {
		got = normalizeGNU(arm64asm.GNUSyntax(inst))
	} else if text, ok := decodeDotProd(uint32(v)); ok {
		got = normalizeGNU(text)
	} else {
		t.Errorf("%s: %#08x (%s) does not decode: %v", where, v, gnu, err)
		return
	}
	if want := normalizeGNU(gnu); got != want {
		t.Errorf("%s: %#08x is %q, the comment says %q", where, v, got, want)
	}
}

// decodeDotProd decodes SDOT on 16-byte vectors (Armv8.2 dot product), by
// element and vector, which golang.org/x/arch's decoder does not know; by
// element: 0 1 0 01111 size=10 L M Rm[3:0] 1110 H 0 Rn Rd.
func decodeDotProd(v uint32) (string, bool) {
	d, n, m := v&31, v>>5&31, v>>16&31
	switch {
	case v&0xffc0f400 == 0x4f80e000:
		i := v>>11&1<<1 | v>>21&1
		return fmt.Sprintf("sdot v%d.4s, v%d.16b, v%d.4b[%d]", d, n, m, i), true
	case v&0xffe0fc00 == 0x4e809400: // vector form: 0 1 0 01110 10 0 Rm 100101 Rn Rd
		return fmt.Sprintf("sdot v%d.4s, v%d.16b, v%d.16b", d, n, m), true
	}
	return "", false
}

var (
	spaceRE       = regexp.MustCompile(`\s+`)
	placeholderRE = regexp.MustCompile(`\{[^{}]*\}`) // {8+k} in a macro's comment, k substituted
)

func normalizeGNU(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = spaceRE.ReplaceAllString(s, " ")
	s = strings.ReplaceAll(s, ", ", ",")
	s = strings.ReplaceAll(s, "#0.0", "#0") // fcmle/fcmgt against zero
	return s
}
