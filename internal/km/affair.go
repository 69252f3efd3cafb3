package km

// Affair is a government affairs domain (urusan pemerintahan) as listed in
// UU 23/2014, plus the supporting functions every agency has. Practices are
// filed under one so that people can browse by subject.
type Affair struct {
	Code string
	Name string // Indonesian name
	En   string // English name
}

// Affairs lists the known affairs in display order.
var Affairs = []Affair{
	{"pendidikan", "Pendidikan", "Education"},
	{"kesehatan", "Kesehatan", "Health"},
	{"pekerjaan_umum", "Pekerjaan Umum dan Penataan Ruang", "Public works and spatial planning"},
	{"perumahan", "Perumahan Rakyat dan Kawasan Permukiman", "Housing and settlements"},
	{"ketenteraman", "Ketenteraman, Ketertiban Umum, dan Pelindungan Masyarakat", "Public order and protection"},
	{"sosial", "Sosial", "Social affairs"},
	{"tenaga_kerja", "Tenaga Kerja", "Labour"},
	{"pemberdayaan_perempuan", "Pemberdayaan Perempuan dan Pelindungan Anak", "Women's empowerment and child protection"},
	{"pangan", "Pangan", "Food security"},
	{"pertanahan", "Pertanahan", "Land"},
	{"lingkungan_hidup", "Lingkungan Hidup", "Environment"},
	{"kependudukan", "Administrasi Kependudukan dan Pencatatan Sipil", "Civil registration"},
	{"pemberdayaan_masyarakat", "Pemberdayaan Masyarakat dan Desa", "Community empowerment"},
	{"pengendalian_penduduk", "Pengendalian Penduduk dan Keluarga Berencana", "Population control and family planning"},
	{"perhubungan", "Perhubungan", "Transport"},
	{"komunikasi_informatika", "Komunikasi dan Informatika", "Communication and informatics"},
	{"koperasi_ukm", "Koperasi, Usaha Kecil, dan Menengah", "Cooperatives and SMEs"},
	{"penanaman_modal", "Penanaman Modal", "Investment"},
	{"kepemudaan_olahraga", "Kepemudaan dan Olahraga", "Youth and sports"},
	{"statistik", "Statistik", "Statistics"},
	{"persandian", "Persandian", "Cryptography"},
	{"kebudayaan", "Kebudayaan", "Culture"},
	{"perpustakaan", "Perpustakaan", "Libraries"},
	{"kearsipan", "Kearsipan", "Archives"},
	{"kelautan_perikanan", "Kelautan dan Perikanan", "Marine affairs and fisheries"},
	{"pariwisata", "Pariwisata", "Tourism"},
	{"pertanian", "Pertanian", "Agriculture"},
	{"perdagangan", "Perdagangan", "Trade"},
	{"perindustrian", "Perindustrian", "Industry"},
	{"keuangan", "Keuangan Daerah", "Regional finance"},
	{"kepegawaian", "Kepegawaian dan Pengembangan SDM", "Civil service and HR development"},
	{"perencanaan", "Perencanaan Pembangunan", "Development planning"},
	{"pengawasan", "Pengawasan", "Internal audit"},
	{"pemerintahan_umum", "Pemerintahan Umum", "General government"},
	{"pelayanan_publik", "Pelayanan Publik", "Public service delivery"},
	{"penanggulangan_bencana", "Penanggulangan Bencana dan Pemadam Kebakaran", "Disaster management and fire services"},
}

// AffairByCode returns the affair with code c.
func AffairByCode(c string) (Affair, bool) {
	for _, a := range Affairs {
		if a.Code == c {
			return a, true
		}
	}
	return Affair{}, false
}
