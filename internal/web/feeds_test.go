package web_test

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"lumbung/internal/config"
	"lumbung/internal/km"
)

// atomDoc is what a feed reader needs from an Atom feed (RFC 4287).
type atomDoc struct {
	XMLName xml.Name   `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string     `xml:"id"`
	Title   string     `xml:"title"`
	Updated string     `xml:"updated"`
	Author  []atomName `xml:"author"`
	Links   []atomHref `xml:"link"`
	Entries []struct {
		ID         string     `xml:"id"`
		Title      string     `xml:"title"`
		Updated    string     `xml:"updated"`
		Published  string     `xml:"published"`
		Author     []atomName `xml:"author"`
		Summary    string     `xml:"summary"`
		Links      []atomHref `xml:"link"`
		Categories []struct {
			Term   string `xml:"term,attr"`
			Scheme string `xml:"scheme,attr"`
		} `xml:"category"`
	} `xml:"entry"`
}

type atomName struct {
	Name string `xml:"name"`
}

type atomHref struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
	Href string `xml:"href,attr"`
}

func linkOf(ls []atomHref, rel string) string {
	for _, l := range ls {
		if l.Rel == rel {
			return l.Href
		}
	}
	return ""
}

// parseFeed fails unless res is an Atom feed carrying the elements a feed
// validator requires of a feed and of each entry.
func parseFeed(t *testing.T, res response) atomDoc {
	t.Helper()
	wantStatus(t, res, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); ct != "application/atom+xml; charset=utf-8" {
		t.Errorf("%s: Content-Type %q", res.Request.URL, ct)
	}
	var d atomDoc
	if err := xml.Unmarshal([]byte(res.Body), &d); err != nil {
		t.Fatalf("%s: not Atom: %v\n%s", res.Request.URL, err, res.Body)
	}
	if d.ID == "" || d.Title == "" || d.Updated == "" || len(d.Author) == 0 || d.Author[0].Name == "" {
		t.Errorf("%s: feed lacks id, title, updated or author: %+v", res.Request.URL, d)
	}
	if linkOf(d.Links, "self") == "" || linkOf(d.Links, "alternate") == "" {
		t.Errorf("%s: feed lacks a self or alternate link: %+v", res.Request.URL, d.Links)
	}
	for _, e := range d.Entries {
		if !strings.HasPrefix(e.ID, "tag:") || e.Title == "" || e.Updated == "" || e.Published == "" ||
			len(e.Author) == 0 || e.Summary == "" || len(e.Categories) == 0 {
			t.Errorf("%s: entry lacks a required element: %+v", res.Request.URL, e)
		}
		if alt := linkOf(e.Links, "alternate"); !regexp.MustCompile(`/practices/\d+$`).MatchString(alt) {
			t.Errorf("%s: entry %s: alternate link %q, want a practice page", res.Request.URL, e.ID, alt)
		}
	}
	return d
}

func TestFeedIsAtom(t *testing.T) {
	s := newSite(t, true)
	c := s.client(t)
	res := c.get("/feed.atom")
	d := parseFeed(t, res)
	if len(d.Entries) == 0 || len(d.Entries) > 50 {
		t.Fatalf("got %d entries, want 1 to 50", len(d.Entries))
	}
	if got := linkOf(d.Links, "self"); !strings.HasSuffix(got, "/feed.atom") {
		t.Errorf("self link %q", got)
	}
	if res.Header.Get("Cache-Control") == "" || res.Header.Get("Last-Modified") == "" {
		t.Errorf("headers %v: want Cache-Control and Last-Modified", res.Header)
	}
	// A reader that has the feed already is answered 304.
	etag := res.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/feed.atom", nil)
	req.Header.Set("If-None-Match", etag)
	if again := c.do(req); again.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: got %d, want 304", again.StatusCode)
	}
	// Each kind of feed parses and keeps its own id.
	ids := map[string]string{}
	for _, p := range []string{"/feed.atom", "/orgs/pasarjaya/feed.atom", "/affairs/kesehatan/feed.atom", "/tags/pasar/feed.atom",
		"/search/feed.atom?q=pasar"} {
		d := parseFeed(t, c.get(p))
		if other, dup := ids[d.ID]; dup {
			t.Errorf("%s and %s share the id %s", p, other, d.ID)
		}
		ids[d.ID] = p
	}
	wantStatus(t, c.get("/orgs/no-such-org/feed.atom"), http.StatusNotFound)
	wantStatus(t, c.get("/affairs/no-such/feed.atom"), http.StatusNotFound)
}

// feedSecrets makes, in pasarjaya with affair "perdagangan"-like fields
// shared, one public published practice and one each of what the public
// must never see; each title carries a word of its own.
func feedSecrets(t *testing.T, s *testSite) (public string, secret []string) {
	coord := s.user(t, coordinatorPasar)
	mk := func(word string, access km.Access, status km.Status) {
		s.practice(t, coord, km.Practice{Title: "Zorblax " + word, Summary: "Ringkasan " + word, Access: access, Status: status,
			Affair: "kesehatan", Tags: []string{"zorblaxtag"}}, "pasarjaya")
	}
	mk("terbukapublik", km.AccessPublic, km.StatusPublished)
	mk("rahasiainternal", km.AccessInternal, km.StatusPublished)
	mk("rahasiainstansi", km.AccessAgency, km.StatusPublished)
	mk("rahasiaterbatas", km.AccessRestricted, km.StatusPublished)
	mk("rahasiadraf", km.AccessPublic, km.StatusDraft)
	return "terbukapublik", []string{"rahasiainternal", "rahasiainstansi", "rahasiaterbatas", "rahasiadraf"}
}

// TestFeedsHideNonPublic: whatever public path lists practices, an
// internal, agency, restricted or draft practice never reaches the
// anonymous public, while a public published one does.
func TestFeedsHideNonPublic(t *testing.T) {
	s := newSite(t, true)
	public, secret := feedSecrets(t, s)
	// A signed-in person's session does not widen a public feed.
	signed := s.client(t)
	signed.login(coordinatorPasar, demoPassword)
	for _, tc := range []struct {
		path string
		feed bool
	}{
		{"/feed.atom", true},
		{"/orgs/pasarjaya/feed.atom", true},
		{"/affairs/kesehatan/feed.atom", true},
		{"/tags/zorblaxtag/feed.atom", true},
		{"/search/feed.atom?q=zorblax", true},
		{"/search?q=zorblax", false},
		{"/api/v1/search?q=zorblax", false},
		{"/practices?tag=zorblaxtag", false},
		{"/practices?affair=kesehatan", false},
		{"/orgs/pasarjaya", false},
		{"/", false},
	} {
		t.Run(tc.path, func(t *testing.T) {
			res := s.client(t).get(tc.path)
			wantStatus(t, res, http.StatusOK)
			wantBody(t, res, public)
			notBody(t, res, secret...)
			if tc.feed {
				parseFeed(t, res)
				notBody(t, signed.get(tc.path), secret...)
			}
		})
	}
	// No sitemap exists; if one is added, it belongs in the table above.
	if res := s.client(t).get("/sitemap.xml"); res.StatusCode != http.StatusNotFound {
		t.Errorf("/sitemap.xml answers %d: add it to this test", res.StatusCode)
	}
}

var feedURLRE = regexp.MustCompile(`value="(https?://[^"]+/feeds/[^"]+/feed\.atom)"`)

// newFeedURL makes a private feed address as c's person and returns its
// path.
func newFeedURL(t *testing.T, c *client) string {
	t.Helper()
	res := c.post("/me/feeds", url.Values{})
	wantStatus(t, res, http.StatusOK)
	m := feedURLRE.FindStringSubmatch(res.Body)
	if m == nil {
		t.Fatalf("no feed address on the page:\n%s", excerpt(res.Body))
	}
	u, err := url.Parse(m[1])
	if err != nil {
		t.Fatal(err)
	}
	return u.Path
}

func TestPrivateFeed(t *testing.T) {
	s := newSite(t, true)
	_, _ = feedSecrets(t, s)
	anon := s.client(t)
	wantStatus(t, anon.get("/feeds/nosuchtoken/feed.atom"), http.StatusNotFound)
	if res := anon.post("/me/feeds", url.Values{}); res.StatusCode < 400 {
		t.Errorf("anonymous POST /me/feeds: %d", res.StatusCode)
	}

	c := s.client(t)
	c.login(contributorPasar, demoPassword)
	page := c.get("/me/feeds")
	wantStatus(t, page, http.StatusOK)
	wantBody(t, page, `action="/me/feeds"`)
	path := newFeedURL(t, c)

	// The feed reader has no session: the token alone opens the feed.
	res := anon.get(path)
	parseFeed(t, res)
	wantBody(t, res, "terbukapublik", "rahasiainternal", "rahasiainstansi")
	notBody(t, res, "rahasiaterbatas", "rahasiadraf")
	if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "private") {
		t.Errorf("private feed Cache-Control %q", cc)
	}
	wantBody(t, c.get("/me/feeds"), "revoke")

	// Another person's address carries what they may read, and stops
	// working when they revoke it.
	other := s.client(t)
	other.login(coordinatorPasar, demoPassword)
	otherPath := newFeedURL(t, other)
	if otherPath == path {
		t.Fatal("two people got the same feed address")
	}
	wantBody(t, anon.get(otherPath), "rahasiaterbatas")
	wantStatus(t, other.post("/me/feeds/revoke", url.Values{}), http.StatusSeeOther)
	wantStatus(t, anon.get(otherPath), http.StatusNotFound)
	wantStatus(t, c.get(otherPath), http.StatusNotFound) // a session does not reopen it
	parseFeed(t, anon.get(path))                         // the first person's is untouched

	// A new address revokes the old one.
	newPath := newFeedURL(t, c)
	wantStatus(t, anon.get(path), http.StatusNotFound)
	parseFeed(t, anon.get(newPath))
	wantStatus(t, c.post("/me/feeds/revoke", url.Values{}), http.StatusSeeOther)
	wantStatus(t, anon.get(newPath), http.StatusNotFound)

	// Creating and revoking are audited.
	admin := s.client(t)
	admin.login(adminEmail, demoPassword)
	wantBody(t, admin.get("/admin/audit?action=feed.token."), "feed.token.create", "feed.token.revoke")
}

// TestFeedLinksUseBaseURL: a forged Host header never reaches a feed's
// links or ids; they come from the configured address.
func TestFeedLinksUseBaseURL(t *testing.T) {
	const base = "https://km.contoh.go.id"
	s := newSite(t, true, func(c *config.Config) { c.BaseURL = base })
	c := s.client(t)
	c.login(contributorPasar, demoPassword)
	private := newFeedURL(t, c)
	for _, p := range []string{"/feed.atom", "/orgs/pasarjaya/feed.atom", "/tags/pasar/feed.atom", "/search/feed.atom?q=pasar", private} {
		req, _ := http.NewRequest(http.MethodGet, s.URL+p, nil)
		req.Host = "evil.example"
		req.Header.Set("X-Forwarded-Host", "evil.example")
		res := c.do(req)
		d := parseFeed(t, res)
		notBody(t, res, "evil.example", strings.TrimPrefix(s.URL, "http://"))
		if self := linkOf(d.Links, "self"); self != base+p {
			t.Errorf("%s: self link %q, want %q", p, self, base+p)
		}
		if alt := linkOf(d.Links, "alternate"); !strings.HasPrefix(alt, base+"/") {
			t.Errorf("%s: alternate link %q", p, alt)
		}
		if !strings.HasPrefix(d.ID, "tag:km.contoh.go.id,") {
			t.Errorf("%s: id %q", p, d.ID)
		}
		for _, e := range d.Entries {
			if alt := linkOf(e.Links, "alternate"); !strings.HasPrefix(alt, base+"/practices/") {
				t.Errorf("%s: entry link %q", p, alt)
			}
		}
	}
}

// TestPagesAnnounceFeeds: a page with a feed names it in its head and
// shows a link to it.
func TestPagesAnnounceFeeds(t *testing.T) {
	s := newSite(t, true)
	c := s.client(t)
	for _, tc := range []struct{ page, feed string }{
		{"/", "/feed.atom"},
		{"/practices", "/feed.atom"},
		{"/practices?affair=kesehatan", "/affairs/kesehatan/feed.atom"},
		{"/practices?tag=pasar", "/tags/pasar/feed.atom"},
		{"/orgs/pasarjaya", "/orgs/pasarjaya/feed.atom"},
		{"/search?q=pasar", "/search/feed.atom?q=pasar"},
	} {
		res := c.get(tc.page)
		wantStatus(t, res, http.StatusOK)
		head, _, _ := strings.Cut(res.Body, "</head>")
		re := regexp.MustCompile(`<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="` + regexp.QuoteMeta(tc.feed) + `">`)
		if !re.MatchString(head) {
			t.Errorf("%s: head does not announce %s:\n%s", tc.page, tc.feed, head)
		}
		wantBody(t, res, `<a href="`+tc.feed+`" type="application/atom+xml">`)
		parseFeed(t, c.get(tc.feed))
	}
	// A practice's tags lead to the tag's list, which has the tag's feed.
	wantBody(t, c.get("/practices?tag=pasar"), "#pasar")
}
