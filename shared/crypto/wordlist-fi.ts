/**
 * The safety words in Finnish: index by index the twin of the Swedish list in
 * `wordlist.ts` (the comment on each line), so a visitor reading this list and a
 * counsellor reading the Swedish one see that they match. Where no good everyday word
 * has the same meaning, the twin is another everyday word (or a near one: "veturi",
 * locomotive, for "lok").
 * Everyday Finnish words, lower case, with ä and ö as Finnish writes them (a Swedish
 * keyboard has both), no hyphens. Only the display changes with the language: the same
 * byte picks the same index.
 */
export const SAFETY_WORDS_FI: readonly string[] = [
  // 0x00
  'apina', // apa
  'käsivarsi', // arm
  'kylpy', // bad
  'juhla', // bal
  'pankki', // bank
  'auto', // bil
  'kirja', // bok
  'pöytä', // bord
  'silta', // bro
  'kirje', // brev
  'bussi', // buss
  'kylä', // by
  'päivä', // dag
  'laakso', // dal
  'tanssi', // dans
  'runo', // dikt
  // 0x10
  'sumu', // dimma
  'nukke', // docka
  'liina', // duk
  'kyyhky', // duva
  'tammi', // ek
  'tuli', // eld
  'kaiku', // eko
  'norsu', // elefant
  'kala', // fisk
  'lippu', // flagga
  'joki', // flod
  'jalka', // fot
  'hedelmä', // frukt
  'majakka', // fyr
  'katu', // gata
  'vuohi', // get
  // 0x20
  'lasi', // glas
  'kuusi', // gran
  'sika', // gris
  'sammakko', // groda
  'kurkku', // gurka
  'niitty', // hage
  'kaula', // hals
  'käsi', // hand
  'hattu', // hatt
  'meri', // hav
  'koti', // hem
  'peura', // hjort
  'koira', // hund
  'talo', // hus
  'hylly', // hylla
  'jää', // is
  // 0x30
  'multa', // jord
  'kakku', // kaka
  'vasikka', // kalv
  'kameli', // kamel
  'kanava', // kanal
  'kani', // kanin
  'kissa', // katt
  'ketju', // kedja
  'kello', // klocka
  'kerho', // klubb
  'nappi', // knapp
  'lehmä', // ko
  'kuppi', // kopp
  'kori', // korg
  'hana', // kran
  'kruunu', // krona
  // 0x40
  'helmi', // kula
  'rannikko', // kust
  'lamppu', // lampa
  'maa', // land
  'lohi', // lax
  'leijona', // lejon
  'viiva', // linje
  'veturi', // lok
  'luukku', // lucka
  'ilma', // luft
  'äiti', // mamma
  'maasto', // mark
  'mato', // mask
  'ruoka', // mat
  'vyötärö', // midja
  'pilvi', // moln
  // 0x50
  'suu', // mun
  'hiiri', // mus
  'kynsi', // nagel
  'yö', // natt
  'nenä', // nos
  'sana', // ord
  'käärme', // orm
  'juusto', // ost
  'isä', // pappa
  'puisto', // park
  'kynä', // penna
  'nuoli', // pil
  'lentokone', // plan
  'posti', // post
  'peruna', // potatis
  'prinssi', // prins
  // 0x60
  'pulssi', // puls
  'radio', // radio
  'sade', // regn
  'sormus', // ring
  'riisi', // ris
  'ruusu', // ros
  'huone', // rum
  'mehu', // saft
  'suola', // salt
  'hiekka', // sand
  'sakset', // sax
  'silli', // sill
  'kenkä', // sko
  'metsä', // skog
  'aurinko', // sol
  'lapio', // spade
  // 0x70
  'kaupunki', // stad
  'kivi', // sten
  'tuoli', // stol
  'myrsky', // storm
  'ranta', // strand
  'joutsen', // svan
  'katto', // tak
  'hammas', // tand
  'taulu', // tavla
  'tee', // te
  'tiikeri', // tiger
  'tunti', // timme
  'huippu', // topp
  'torni', // torn
  'valtaistuin', // tron
  'peukalo', // tumme
  // 0x80
  'kieli', // tunga
  'uuni', // ugn
  'susi', // ulv
  'kärry', // vagn
  'lapanen', // vante
  'maljakko', // vas
  'vesi', // vatten
  'viikko', // vecka
  'lahti', // vik
  'huvila', // villa
  'tuuli', // vind
  'talvi', // vinter
  'seepra', // zebra
  'banaani', // banan
  'polkupyörä', // cykel
  'vuono', // fjord
  // 0x90
  'kipinä', // gnista
  'sarvi', // horn
  'siili', // igel
  'kaakao', // kakao
  'kartta', // karta
  'hiili', // kol
  'kaveri', // kompis
  'koukku', // krok
  'karitsa', // lamm
  'laava', // lava
  'limetti', // lime
  'mango', // mango
  'meloni', // melon
  'hyttynen', // mygga
  'avain', // nyckel
  'oliivi', // oliv
  // 0xa0
  'hurrikaani', // orkan
  'paketti', // paket
  'panda', // panda
  'merirosvo', // pirat
  'planeetta', // planet
  'allas', // pool
  'kurpitsa', // pumpa
  'alennus', // rabatt
  'raketti', // raket
  'robotti', // robot
  'rubiini', // rubin
  'safiiri', // safir
  'salaatti', // sallad
  'signaali', // signal
  'hopea', // silver
  'simpukka', // skal
  // 0xb0
  'aarre', // skatt
  'ruuvi', // skruv
  'muru', // smula
  'etana', // snigel
  'sukka', // socka
  'sohva', // soffa
  'varpunen', // sparv
  'peili', // spegel
  'tähti', // stjarna
  'tomaatti', // tomat
  'tunneli', // tunnel
  'pöllö', // uggla
  'tulivuori', // vulkan
  'vohveli', // vaffla
  'leipuri', // bagare
  'parveke', // balkong
  // 0xc0
  'ilmapallo', // ballong
  'maja', // barack
  'sauna', // bastu
  'bensiini', // bensin
  'matkalippu', // biljett
  'kuva', // bild
  'karhu', // bjorn
  'kukka', // blomma
  'pukki', // bock
  'pallo', // boll
  'viljelijä', // bonde
  'laituri', // brygga
  'pulla', // bulle
  'päiväkirja', // dagbok
  'delfiini', // delfin
  'tiskit', // disk
  // 0xd0
  'duetto', // duett
  'tehdas', // fabrik
  'fasaani', // fasan
  'viulu', // fiol
  'lautta', // flotte
  'foorumi', // forum
  'galaksi', // galax
  'verho', // gardin
  'kitara', // gitarr
  'lattia', // golv
  'gorilla', // gorilla
  'graniitti', // granit
  'portti', // grind
  'pata', // gryta
  'ukki', // gubbe
  'vasara', // hammare
  // 0xe0
  'harppu', // harpa
  'pyörä', // hjul
  'hunaja', // honung
  'hummeri', // hummer
  'iglu', // igloo
  'takki', // jacka
  'jaguaari', // jaguar
  'jazz', // jazz
  'kaapeli', // kabel
  'kaktus', // kaktus
  'kamera', // kamera
  'kaneli', // kanel
  'kanootti', // kanot
  'kapteeni', // kapten
  'karuselli', // karusell
  'kattila', // kastrull
  // 0xf0
  'kiivi', // kiwi
  'kobra', // kobra
  'kookos', // kokos
  'komeetta', // komet
  'koralli', // korall
  'makkara', // korv
  'rapu', // krabba
  'kristalli', // kristall
  'tyyny', // kudde
  'lakana', // lakan
  'johtaja', // ledare
  'violetti', // lila
  'limppu', // limpa
  'lootus', // lotus
  'pipo', // luva
  'magneetti', // magnet
];
