package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"lumbung/internal/km"
)

// TestQuestionsOnPracticePage walks the questions and answers of an
// internal practice through the pages: hidden from the anonymous, asked
// and answered with forms that need no JavaScript, an empty question
// refused in Indonesian with the page shown again, markdown rendered
// without its script, an answer accepted by the author and shown first,
// an edit marked with its history, and a question hidden by the agency's
// coordinator: gone for others, marked for the coordinator.
func TestQuestionsOnPracticePage(t *testing.T) {
	s := newSite(t, true)
	author := s.user(t, coordinatorPasar)
	p := s.practice(t, author, km.Practice{Title: "Pasar tanpa tunai", Summary: "QRIS di pasar", Access: km.AccessInternal,
		Status: km.StatusPublished}, "pasarjaya")
	page := fmt.Sprintf("/practices/%d", p.ID)

	anon := s.client(t)
	wantStatus(t, anon.get(page), http.StatusNotFound)
	wantStatus(t, anon.post(page+"/questions", url.Values{"body": {"Halo?"}}), http.StatusUnauthorized)

	asker := s.client(t)
	asker.login(contributorDinkes, demoPassword)
	res := asker.get(page)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `id="questions"`, `action="`+page+`/questions"`, `for="ask-body"`, "Belum ada pertanyaan.")
	wantLabels(t, res)

	res = asker.post(page+"/questions", url.Values{"body": {"   "}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	wantBody(t, res, "pertanyaan atau jawaban tidak boleh kosong", `aria-invalid="true"`)

	xss := "Apakah pedagang **lansia** terbantu? <script>alert(1)</script><img src=x onerror=alert(2)> [tautan](javascript:alert(3))"
	res = asker.post(page+"/questions", url.Values{"body": {xss}})
	wantStatus(t, res, http.StatusSeeOther)
	res = asker.get(page)
	wantBody(t, res, "<strong>lansia</strong>", "Pertanyaan terkirim.")
	notBody(t, res, "<script>alert(1)", "<img src=x onerror", " onerror=\"", `href="javascript:`)
	qid := regexp.MustCompile(`action="/questions/(\d+)/answers"`).FindStringSubmatch(res.Body)
	if qid == nil {
		t.Fatalf("no answer form on the page")
	}

	other := s.client(t)
	other.login(contributorPasar, demoPassword)
	wantStatus(t, other.post("/questions/"+qid[1]+"/answers", url.Values{"body": {"Jawaban pertama"}}), http.StatusSeeOther)
	owner := s.client(t)
	owner.login(coordinatorPasar, demoPassword)
	wantStatus(t, owner.post("/questions/"+qid[1]+"/answers", url.Values{"body": {"Jawaban pemilik"}}), http.StatusSeeOther)
	res = owner.get(page)
	ids := regexp.MustCompile(`action="/answers/(\d+)/accept"`).FindAllStringSubmatch(res.Body, -1)
	if len(ids) != 2 {
		t.Fatalf("accept forms for the author: %d, want 2", len(ids))
	}
	// Only the asker and the author accept: another reader gets no form
	// and is refused.
	notBody(t, other.get(page), "/accept\"")
	wantStatus(t, other.post("/answers/"+ids[1][1]+"/accept", nil), http.StatusForbidden)
	wantStatus(t, owner.post("/answers/"+ids[1][1]+"/accept", nil), http.StatusSeeOther)
	res = asker.get(page)
	first := regexp.MustCompile(`(?s)<li id="a-(\d+)" class="qa-answer qa-accepted`).FindStringSubmatch(res.Body)
	if first == nil || first[1] != ids[1][1] {
		t.Errorf("accepted answer: %v, want %s marked", first, ids[1][1])
	}
	wantBody(t, res, "Jawaban terpilih")

	// Editing keeps the history, shown to the author.
	wantStatus(t, asker.post("/questions/"+qid[1]+"/edit", url.Values{"body": {"Apakah pedagang lansia terbantu?"}}), http.StatusSeeOther)
	res = asker.get(page)
	wantBody(t, res, "disunting", `href="/questions/`+qid[1]+`/history"`)
	res = asker.get("/questions/" + qid[1] + "/history")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Riwayat suntingan", "<strong>lansia</strong>")
	notBody(t, res, "<script>alert(1)")
	wantStatus(t, other.get("/questions/"+qid[1]+"/history"), http.StatusForbidden)

	// Hiding: the pasar agency's coordinator, with a reason.
	wantStatus(t, asker.post("/questions/"+qid[1]+"/hide", url.Values{"reason": {"x"}}), http.StatusForbidden)
	res = owner.post("/questions/"+qid[1]+"/hide", url.Values{"reason": {""}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	wantStatus(t, owner.post("/questions/"+qid[1]+"/hide", url.Values{"reason": {"Data pribadi"}}), http.StatusSeeOther)
	notBody(t, asker.get(page), "pedagang lansia")
	res = owner.get(page)
	wantBody(t, res, "pedagang lansia", "Disembunyikan moderator.", "Data pribadi")

	en := s.client(t)
	en.login(contributorDinkes, demoPassword)
	wantStatus(t, en.get("/lang?to=en&next=/"), http.StatusSeeOther)
	wantBody(t, en.get(page), "Questions and answers", "Ask a question")
}
