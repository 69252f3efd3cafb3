package indonesian

// stopWords are function words that carry no topic: conjunctions,
// prepositions, pronouns, question words, aspect and modal markers,
// particles. Content words that look functional in other lists (hal,
// orang, tahun, baru, besar) are kept: people search for them.
var stopWords = func() map[string]struct{} {
	words := []string{
		// conjunctions and relative
		"yang", "dan", "atau", "serta", "tetapi", "tapi", "namun", "melainkan", "sedangkan",
		"karena", "sebab", "jika", "jikalau", "kalau", "bila", "apabila", "maka", "agar",
		"supaya", "sehingga", "bahwa", "bahwasanya", "meskipun", "walaupun", "walau",
		"biarpun", "sementara", "lalu", "kemudian", "yaitu", "yakni", "ialah", "adalah",
		"merupakan", "ataupun", "maupun",
		// prepositions
		"di", "ke", "dari", "pada", "kepada", "daripada", "untuk", "bagi", "dengan", "dalam",
		"oleh", "tentang", "terhadap", "sebagai", "seperti", "antara", "hingga", "sampai",
		"sejak", "menuju", "tanpa", "per", "atas", "bawah", "akan", "demi", "menurut",
		"tentang", "mengenai", "sekitar", "selain",
		// time and aspect
		"setelah", "sebelum", "sesudah", "ketika", "saat", "selama", "sewaktu", "tatkala",
		"telah", "sudah", "belum", "masih", "pernah", "sedang", "lagi", "segera",
		// negation and modality
		"tidak", "tak", "bukan", "jangan", "tiada", "bisa", "dapat", "boleh", "harus",
		"perlu", "mesti", "mau", "hendak", "ingin",
		// degree and quantity
		"juga", "pun", "hanya", "saja", "sangat", "amat", "paling", "lebih", "kurang",
		"cukup", "terlalu", "semua", "segala", "setiap", "tiap", "para", "beberapa",
		"banyak", "sedikit", "seluruh",
		// determiners and deictics
		"ini", "itu", "sini", "situ", "sana", "begini", "begitu", "tersebut", "sang", "si",
		"hal", "nya",
		// pronouns
		"aku", "saya", "kami", "kita", "engkau", "kau", "kamu", "anda", "dia", "ia",
		"beliau", "mereka", "kalian", "ku", "mu", "dirinya",
		// question words
		"apa", "siapa", "kapan", "dimana", "mana", "kemana", "darimana", "berapa",
		"bagaimana", "mengapa", "kenapa", "apakah", "siapakah", "manakah", "bilamana",
		"adakah", "bukankah",
		// particles
		"lah", "kah", "tah", "dong", "kok", "sih", "deh", "kan", "pula", "toh",
		"ada", "oh", "ya",
	}
	m := make(map[string]struct{}, len(words))
	for _, w := range words {
		m[w] = struct{}{}
	}
	return m
}()

// IsStopWord reports whether a lowercase term is an Indonesian stop word.
// "di mana" is two tokens, both stop words; "dimana", its common spelling,
// is one.
func IsStopWord(term string) bool {
	_, ok := stopWords[term]
	return ok
}
