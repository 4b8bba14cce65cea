"""Names to fit: every script the tags support, very short and very long, hyphenated and with
particles. Built from parts so the corpus is large without being a wall of text."""

from nametag_checks import LONGEST, ONE_LONG_WORD

GIVEN = ["Li", "Bo", "Jo", "Ann", "José", "Zoë", "Priyanka", "Maximilian", "Anne-Marie",
         "Jean-Baptiste", "Marie-Claire", "Søren", "Łukasz", "Ştefan", "Björk", "Ólafur",
         "Dženana", "Ngozi", "Oluwaseun", "Siobhán", "François", "Ines", "Kai", "Aleksandra",
         "Maximiliana Alexandrina"]
FAMILY = ["Wu", "Ng", "O", "Smith", "Ñúñez", "Chakraborty-Subramaniam",
          "von Hohenzollern-Sigmaringen", "van der Berg", "de la Cruz",
          "Wolfeschlegelsteinhausenbergerdorff", "Featherstonehaugh", "Müller-Lüdenscheidt",
          "Ó Súilleabháin", "dos Santos", "bin Abdullah", "Kowalczyk", "Papadopoulos", "Mbeki",
          "Ibrahimović", "Nguyễn Thị Minh Khai"]
OTHER_SCRIPTS = [
    # Greek
    "Ελένη", "Νίκος Παπαδόπουλος", "Αικατερίνη Καραμανλή-Οικονόμου", "Ιω",
    "Χαράλαμπος Αναστασόπουλος",
    # Cyrillic
    "Дмитрий", "Дмитрий Шостакович", "Анна-Мария Иванова-Петрова", "Ян", "Ёлка Щукина",
    "Константин Константинопольский",
    # Arabic
    "محمد علي", "محمد بن سلمان", "فاطمة الزهراء", "عبد الرحمن بن عبد العزيز آل سعود", "علي",
    # Hebrew
    "שרה לוי", "אברהם", "יעל בן-דוד", "מרים כהן-שטרן",
    # Chinese, Japanese, Korean
    "王小明", "欧阳娜娜", "李", "司马相如", "山田太郎", "さくら", "たなか ゆうこ", "김민준",
    "박", "남궁민수", "이서연",
    # Latin extended, mixed
    "Nguyễn Văn An", "Çağla Şahin", "Đorđe Đukić", "Þórunn Ævarsdóttir", "Zoë Ñúñez-Ólafsdóttir",
]
EXTREMES = [
    "X", "Li", "Ng", "Wolfeschlegelsteinhausenbergerdorff", LONGEST, ONE_LONG_WORD,
    "Priyanka Chakraborty-Subramaniam", "Maximilian Alexander von Hohenzollern-Sigmaringen",
    "Pablo Diego José Francisco de Paula Juan Nepomuceno María de los Remedios Cipriano",
    "A B C D E F G H I J K L", "Hubert Blaine Wolfeschlegelsteinhausenbergerdorff Sr.",
    "Anne-Marie-Louise-Hélène Saint-Exupéry-d'Agay", "Mary-Kate O'Neill-Fitzgerald",
    "Martin Luther King Jr.", "Jean-Claude Van Damme", "Ludwig van Beethoven",
]


def corpus() -> list[str]:
    names = list(EXTREMES) + list(OTHER_SCRIPTS)
    # Every given name meets several family names, a different set each (a stride through
    # the family list), so short-short, short-long and long-long pairs all occur.
    for index, given in enumerate(GIVEN):
        for step in range(6):
            names.append(f"{given} {FAMILY[(index * 7 + step * 3) % len(FAMILY)]}")
    seen: set[str] = set()
    return [name for name in names if not (name in seen or seen.add(name))]
