package kpi

import (
	"bytes"
	"encoding/xml"
	"io"
	"slices"
	"strings"
	"testing"
)

// element is a start tag met while walking an SVG document.
type element struct {
	name  string
	attrs map[string]string
	text  string // the text directly inside, for <title> and <text>
}

// walk parses svg as XML, failing the test when it is not well formed.
func walk(t *testing.T, svg []byte) []element {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var els []element
	var open []int // indexes into els
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, svg)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			e := element{name: tok.Name.Local, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				e.attrs[a.Name.Local] = a.Value
			}
			els = append(els, e)
			open = append(open, len(els)-1)
		case xml.EndElement:
			open = open[:len(open)-1]
		case xml.CharData:
			if len(open) > 0 {
				els[open[len(open)-1]].text += string(tok)
			}
		}
	}
	return els
}

func count(els []element, name, class string) int {
	n := 0
	for _, e := range els {
		if e.name == name && (class == "" || e.attrs["class"] == class) {
			n++
		}
	}
	return n
}

func checkAccessible(t *testing.T, els []element) {
	t.Helper()
	root := els[0]
	if root.name != "svg" || root.attrs["role"] != "img" || root.attrs["viewBox"] == "" {
		t.Errorf("root: got <%s role=%q viewBox=%q>, want <svg role=\"img\"> with a viewBox",
			root.name, root.attrs["role"], root.attrs["viewBox"])
	}
	if els[1].name != "title" || els[2].name != "desc" || els[1].text == "" || els[2].text == "" {
		t.Errorf("got first children <%s>, <%s>, want a <title> and a <desc> with text", els[1].name, els[2].name)
	}
	ids := strings.Fields(root.attrs["aria-labelledby"])
	if len(ids) != 2 || ids[0] != els[1].attrs["id"] || ids[1] != els[2].attrs["id"] {
		t.Errorf("aria-labelledby: got %q, want the ids of title and desc", root.attrs["aria-labelledby"])
	}
}

func TestBarChartOneBarPerRankedParticipant(t *testing.T) {
	ps := []Participant{
		{Code: "A", Name: `Pasar "Anyar" <Baru> & Co`},
		{Code: "B", Name: "Pasar Minggu"},
		{Code: "NOL", Name: "Pasar Nol"},            // zero baseline: ranked, no score
		{Code: "TURUN", Name: "Pasar Turun"},        // negative score
		{Code: "KOSONG", Name: "Pasar Kosong"},      // no data: not ranked
		{Code: "K", Name: "Pasar K", Control: true}, // control: not ranked
	}
	ms := slices.Concat(flat(t, "A", 10, 15), flat(t, "B", 10, 12), flat(t, "NOL", 0, 3),
		flat(t, "TURUN", 10, 7), flat(t, "K", 10, 10))
	tests := []struct {
		name string
		ps   []Participant
	}{
		{"mixed", ps},
		{"one", ps[1:2]},
		{"none ranked", ps[4:]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := baseComp(t, Percent, tt.ps...)
			var own []Measurement
			for _, m := range ms {
				if _, ok := c.participant(m.Participant); ok {
					own = append(own, m)
				}
			}
			lb := mustCompute(t, c, own).Overall
			svg := BarChart(lb)
			els := walk(t, svg)
			checkAccessible(t, els)
			if got, want := count(els, "rect", "bar"), len(lb.Participants); got != want {
				t.Errorf("bars: got %d, want %d", got, want)
			}
			if got, want := count(els, "rect", ""), len(lb.Participants); got != want {
				t.Errorf("all rects: got %d, want %d", got, want)
			}
			// each bar has its tooltip, in rank order
			var i int
			for j, e := range els {
				if e.name != "rect" {
					continue
				}
				if j+1 >= len(els) || els[j+1].name != "title" {
					t.Errorf("bar %d has no <title>", i)
				} else if want := lb.Participants[i]; !strings.Contains(els[j+1].text, "("+want.Participant+")") {
					t.Errorf("bar %d: got title %q, want participant %s", i, els[j+1].text, want.Participant)
				}
				i++
			}
		})
	}
	// labels survive escaping: whole in the tooltip, cut in the text
	svg := BarChart(mustCompute(t, baseComp(t, Percent, ps...), ms).Overall)
	var inTitle, inText bool
	for _, e := range walk(t, svg) {
		inTitle = inTitle || e.name == "title" && strings.HasPrefix(e.text, `1. Pasar "Anyar" <Baru> & Co (A)`)
		inText = inText || e.name == "text" && strings.HasPrefix(e.text, `1. Pasar "Anyar" <Baru>`)
	}
	if !inTitle || !inText {
		t.Errorf("label with markup characters: got in title %v, in text %v, want both, in\n%s", inTitle, inText, svg)
	}
}

func TestSeriesChart(t *testing.T) {
	ps := []Participant{
		{Code: "A", Name: "Pasar <A>"},
		{Code: "B", Name: "Pasar B"},
		{Code: "K", Name: "Pasar K", Control: true},
		{Code: "KOSONG"}, // no data: no line
	}
	ms := slices.Concat(flat(t, "A", 10, 15),
		series(t, "B", "2024-01-03", 4), // a single day
		flat(t, "K", 8, 9),
		series(t, "A", "2024-01-20", 500)) // between the windows: not drawn
	c := baseComp(t, Percent, ps...)
	els := walk(t, SeriesChart(c, ms))
	checkAccessible(t, els)
	if got, want := count(els, "path", "series"), 3; got != want {
		t.Errorf("lines: got %d, want %d", got, want)
	}
	if got, want := count(els, "rect", "window"), 2; got != want {
		t.Errorf("shaded windows: got %d, want %d", got, want)
	}
	for _, e := range els {
		if e.name == "path" && e.attrs["stroke-dasharray"] != "" && e.attrs["stroke"] != "#009E73" {
			t.Errorf("dashed line: got colour %s, want the control's (third) colour", e.attrs["stroke"])
		}
		if e.name == "path" && strings.Count(e.attrs["d"], "M") != 2 && e.attrs["stroke"] == "#0072B2" {
			t.Errorf("A's line: got %q, want two segments, one per window", e.attrs["d"])
		}
	}
	// an empty chart still parses
	checkAccessible(t, walk(t, SeriesChart(c, nil)))
}
