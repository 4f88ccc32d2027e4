//! Tables the demo draws from: names with readings, prefectures, hospitals.

/// Family names: kanji, katakana reading, romaji for e-mail. Variant kanji
/// (髙橋, 山﨑, 渡邉, 齋藤, 𠮷田, 濵田) sit beside their common forms so search
/// folding has something to fold.
pub const FAMILY: &[(&str, &str, &str)] = &[
    ("佐藤", "サトウ", "sato"),
    ("鈴木", "スズキ", "suzuki"),
    ("高橋", "タカハシ", "takahashi"),
    ("髙橋", "タカハシ", "takahashi"),
    ("田中", "タナカ", "tanaka"),
    ("伊藤", "イトウ", "ito"),
    ("渡辺", "ワタナベ", "watanabe"),
    ("渡邉", "ワタナベ", "watanabe"),
    ("渡邊", "ワタナベ", "watanabe"),
    ("山本", "ヤマモト", "yamamoto"),
    ("中村", "ナカムラ", "nakamura"),
    ("小林", "コバヤシ", "kobayashi"),
    ("加藤", "カトウ", "kato"),
    ("吉田", "ヨシダ", "yoshida"),
    ("𠮷田", "ヨシダ", "yoshida"),
    ("山田", "ヤマダ", "yamada"),
    ("佐々木", "ササキ", "sasaki"),
    ("山口", "ヤマグチ", "yamaguchi"),
    ("松本", "マツモト", "matsumoto"),
    ("井上", "イノウエ", "inoue"),
    ("木村", "キムラ", "kimura"),
    ("林", "ハヤシ", "hayashi"),
    ("斎藤", "サイトウ", "saito"),
    ("齋藤", "サイトウ", "saito"),
    ("清水", "シミズ", "shimizu"),
    ("山崎", "ヤマザキ", "yamazaki"),
    ("山﨑", "ヤマザキ", "yamazaki"),
    ("森", "モリ", "mori"),
    ("池田", "イケダ", "ikeda"),
    ("橋本", "ハシモト", "hashimoto"),
    ("阿部", "アベ", "abe"),
    ("石川", "イシカワ", "ishikawa"),
    ("前田", "マエダ", "maeda"),
    ("藤田", "フジタ", "fujita"),
    ("小川", "オガワ", "ogawa"),
    ("岡田", "オカダ", "okada"),
    ("後藤", "ゴトウ", "goto"),
    ("長谷川", "ハセガワ", "hasegawa"),
    ("村上", "ムラカミ", "murakami"),
    ("近藤", "コンドウ", "kondo"),
    ("遠藤", "エンドウ", "endo"),
    ("青木", "アオキ", "aoki"),
    ("坂本", "サカモト", "sakamoto"),
    ("浜田", "ハマダ", "hamada"),
    ("濵田", "ハマダ", "hamada"),
    ("菅原", "スガワラ", "sugawara"),
    ("千葉", "チバ", "chiba"),
    ("及川", "オイカワ", "oikawa"),
];

/// Given names: kanji, katakana reading, romaji.
pub const GIVEN: &[(&str, &str, &str)] = &[
    ("太郎", "タロウ", "taro"),
    ("一郎", "イチロウ", "ichiro"),
    ("健太", "ケンタ", "kenta"),
    ("翔太", "ショウタ", "shota"),
    ("大輔", "ダイスケ", "daisuke"),
    ("拓也", "タクヤ", "takuya"),
    ("直樹", "ナオキ", "naoki"),
    ("誠", "マコト", "makoto"),
    ("隆", "タカシ", "takashi"),
    ("健一", "ケンイチ", "kenichi"),
    ("浩二", "コウジ", "koji"),
    ("達也", "タツヤ", "tatsuya"),
    ("翼", "ツバサ", "tsubasa"),
    ("蓮", "レン", "ren"),
    ("悠真", "ユウマ", "yuma"),
    ("和也", "カズヤ", "kazuya"),
    ("陽菜", "ヒナ", "hina"),
    ("美咲", "ミサキ", "misaki"),
    ("結衣", "ユイ", "yui"),
    ("さくら", "サクラ", "sakura"),
    ("愛", "アイ", "ai"),
    ("真由美", "マユミ", "mayumi"),
    ("裕子", "ユウコ", "yuko"),
    ("恵", "メグミ", "megumi"),
    ("彩", "アヤ", "aya"),
    ("葵", "アオイ", "aoi"),
    ("凛", "リン", "rin"),
    ("美穂", "ミホ", "miho"),
    ("千尋", "チヒロ", "chihiro"),
    ("奈々", "ナナ", "nana"),
    ("舞", "マイ", "mai"),
    ("優", "ユウ", "yu"),
];

/// A prefecture: name, JIS code (the facility number prefix), weight, and
/// cities with their medical area (医療圏).
pub struct Prefecture {
    pub name: &'static str,
    pub code: &'static str,
    pub weight: u32,
    pub cities: &'static [(&'static str, &'static str)],
}

/// Miyagi's priority areas (重点医師偏在対策支援区域), from seed 003.
pub const PRIORITY_AREAS: &[&str] = &["仙南医療圏", "大崎・栗原医療圏", "石巻・登米・気仙沼医療圏"];

/// Where the demo's facilities are.
pub const PREFECTURES: &[Prefecture] = &[
    Prefecture {
        name: "北海道",
        code: "01",
        weight: 10,
        cities: &[
            ("札幌市", "札幌医療圏"),
            ("旭川市", "上川中部医療圏"),
            ("函館市", "南渡島医療圏"),
            ("釧路市", "釧路医療圏"),
            ("帯広市", "十勝医療圏"),
        ],
    },
    Prefecture {
        name: "宮城県",
        code: "04",
        weight: 18,
        cities: &[
            ("仙台市", "仙台医療圏"),
            ("仙台市", "仙台医療圏"),
            ("白石市", "仙南医療圏"),
            ("大崎市", "大崎・栗原医療圏"),
            ("栗原市", "大崎・栗原医療圏"),
            ("石巻市", "石巻・登米・気仙沼医療圏"),
            ("登米市", "石巻・登米・気仙沼医療圏"),
            ("気仙沼市", "石巻・登米・気仙沼医療圏"),
        ],
    },
    Prefecture {
        name: "東京都",
        code: "13",
        weight: 20,
        cities: &[
            ("新宿区", "区西部医療圏"),
            ("港区", "区中央部医療圏"),
            ("文京区", "区中央部医療圏"),
            ("八王子市", "南多摩医療圏"),
            ("立川市", "北多摩西部医療圏"),
            ("府中市", "北多摩南部医療圏"),
        ],
    },
    Prefecture {
        name: "愛知県",
        code: "23",
        weight: 12,
        cities: &[
            ("名古屋市", "名古屋・尾張中部医療圏"),
            ("豊橋市", "東三河南部医療圏"),
            ("岡崎市", "西三河南部東医療圏"),
            ("一宮市", "尾張西部医療圏"),
        ],
    },
    Prefecture {
        name: "三重県",
        code: "24",
        weight: 8,
        cities: &[
            ("津市", "中勢伊賀医療圏"),
            ("四日市市", "北勢医療圏"),
            ("伊勢市", "南勢志摩医療圏"),
            ("松阪市", "南勢志摩医療圏"),
        ],
    },
    Prefecture {
        name: "大阪府",
        code: "27",
        weight: 16,
        cities: &[
            ("大阪市", "大阪市医療圏"),
            ("堺市", "堺市医療圏"),
            ("豊中市", "豊能医療圏"),
            ("枚方市", "北河内医療圏"),
        ],
    },
    Prefecture {
        name: "広島県",
        code: "34",
        weight: 6,
        cities: &[("広島市", "広島医療圏"), ("福山市", "福山・府中医療圏")],
    },
    Prefecture {
        name: "福岡県",
        code: "40",
        weight: 12,
        cities: &[
            ("福岡市", "福岡・糸島医療圏"),
            ("北九州市", "北九州医療圏"),
            ("久留米市", "久留米医療圏"),
            ("飯塚市", "飯塚医療圏"),
        ],
    },
];

/// Hospital name patterns; `{c}` is the city (仙台市), `{s}` its stem (仙台),
/// `{p}` the prefecture's kind of office (県, 府, 都, 道).
pub const HOSPITALS: &[&str] = &[
    "{c}立病院",
    "{s}大学病院",
    "{s}赤十字病院",
    "{s}中央病院",
    "{s}総合病院",
    "{s}医療センター",
    "{s}記念病院",
    "済生会{s}病院",
    "{s}労災病院",
    "{p}立{s}病院",
    "国立病院機構{s}医療センター",
    "{s}市民病院",
];

/// Names of facilities certified for dental oral surgery.
pub const DENTAL_HOSPITALS: &[&str] = &["{s}歯科大学病院", "{s}大学歯学部附属病院"];

/// Training programmes a withdrawal names.
pub const SPECIALTIES: &[&str] = &[
    "内科",
    "外科",
    "小児科",
    "救急科",
    "総合診療",
    "麻酔科",
    "整形外科",
    "精神科",
    "産婦人科",
];

/// Reasons trainees give for a withdrawal.
pub const WITHDRAWAL_REASONS: &[&str] = &[
    "他プログラムへの応募を希望するため",
    "家庭の事情により",
    "出産・育児のため",
    "進路変更のため",
    "地元での研修を希望するため",
    "健康上の理由により",
    "基礎研究に専念するため",
];

/// 異動事由.
pub const TRANSFER_REASONS: &[&str] = &["転勤", "開業", "退職", "研修先の変更", "転居"];

/// 施設業務.
pub const FACILITY_DUTIES: &[&str] = &["病院勤務", "診療所開設者", "診療所勤務", "研修医"];

/// Districts of the to-association (郡市区).
pub const DISTRICTS: &[&str] = &["北区", "中央区", "東区", "西区", "南区", "青葉区"];

/// Trainings a completion application (修了申請) names.
pub const COMPLETION_TRAININGS: &[&str] = &[
    "かかりつけ医機能報告制度に係る研修",
    "かかりつけ医機能報告制度にかかる研修（基礎編）",
    "かかりつけ医機能報告制度にかかる研修（応用編）",
    "日医かかりつけ医機能研修制度 応用研修会",
    "日医かかりつけ医機能研修制度 基本研修",
    "かかりつけ医認知症対応力向上研修",
    "在宅医療・介護連携に関する研修会",
];

/// A completion application's note, now and then.
pub const COMPLETION_NOTES: &[&str] = &[
    "修了証の写しを添付",
    "オンライン受講",
    "e-ラーニングにて受講",
    "前回申請分の再申請",
];
