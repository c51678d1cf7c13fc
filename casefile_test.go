package crux

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestDecodeErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", ``, "empty or truncated"},
		{"truncated", `{"format": "crux-case",`, "empty or truncated"},
		{"syntax", "{\n  \"format\": \"crux-case\",\n  \"version\": 1,,\n}", "line 3, column"},
		{"unknown field", `{"format":"crux-case","version":1,"colour":"red"}`, `unknown field "colour"`},
		{"wrong type", `{"format":"crux-case","version":"one"}`, "version: want int"},
		{"trailing data", `{"format":"crux-case","version":1,"id":"x"} {}`, "data after the case object"},
		{"invalid utf-8", "{\"format\":\"crux-case\",\n\"title\":\"\xff\"}", "line 2, column 10: invalid UTF-8"},
		{"rating of wrong shape", `{"format":"crux-case","version":1,"hypotheses":[{"id":"H1","title":"a"}],"evidence":[{"id":"E1","kind":"fact","ratings":{"H1":7}}]}`, "rating must be a string"},
		{"validation", `{"format":"crux-case","version":1,"hypotheses":[{"id":"H1","title":"a"}],"evidence":[{"id":"E1","kind":"fact","ratings":{"H1":"X"}}]}`, `evidence[0].ratings.H1: unknown rating "X"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode([]byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Decode error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	c := validCase()
	l := 0.8
	c.Evidence[0].Ratings["H1"] = Rating{Value: VeryConsistent, Likelihood: &l, Suggested: true, Reason: "rule: x"}
	c.Claims[0].Text = `hostile "quote" <script>alert(1)</script> ` + "\u2028"
	b, err := Encode(c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(b)
	if err != nil {
		t.Fatalf("Decode(Encode(c)): %v", err)
	}
	if !reflect.DeepEqual(got, c) {
		t.Errorf("round trip changed the case:\n got %+v\nwant %+v", got, c)
	}
	// A plain rating is written as a bare string, a rich one as an object.
	var raw map[string]any
	_ = json.Unmarshal(b, &raw)
	r := raw["evidence"].([]any)[0].(map[string]any)["ratings"].(map[string]any)
	if r["H2"] != "I" {
		t.Errorf("plain rating encoded as %v, want \"I\"", r["H2"])
	}
	if _, ok := r["H1"].(map[string]any); !ok {
		t.Errorf("rich rating encoded as %v, want an object", r["H1"])
	}
}

func FuzzDecode(f *testing.F) {
	b, _ := Encode(validCase())
	f.Add(b)
	f.Add([]byte(`{"format":"crux-case","version":1}`))
	f.Add([]byte(`{"evidence":[{"ratings":{"H1":{"value":"C","likelihood":-1}}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Decode(data)
		if err != nil {
			return
		}
		// Whatever decodes must validate and survive a round trip.
		if err := Validate(c); err != nil {
			t.Fatalf("decoded case does not validate: %v", err)
		}
		out, err := Encode(c)
		if err != nil {
			t.Fatalf("encode: %v", err)
		}
		if _, err := Decode(out); err != nil {
			t.Fatalf("re-decode: %v", err)
		}
	})
}
