namespace Meldebok.Server.Features.Demo;

/// <summary>
/// Given names and family names for one background. Children's names follow the fashion of
/// the last fifteen years; parents' and staff's names that of the 1970s and 1980s.
/// </summary>
internal sealed record NameBackground(
    string Key,
    int Weight,
    string[] Girls,
    string[] Boys,
    string[] Women,
    string[] Men,
    string[] FamilyNames)
{
    public bool IsNorwegian => Key == "no";
}

/// <summary>
/// Name lists of the demo municipality, written for this project: names common in Norway, and
/// names common among Norwegians whose families came from elsewhere. Family names here do not
/// change with gender, so a family can share one.
/// </summary>
internal static class DemoNames
{
    public static readonly NameBackground Norwegian = new(
        "no",
        Weight: 820,
        Girls:
        [
            "Nora", "Emma", "Sara", "Sofie", "Olivia", "Maja", "Ella", "Ingrid", "Emilie", "Leah",
            "Thea", "Frida", "Hedda", "Astrid", "Ada", "Selma", "Vilde", "Tiril", "Ida", "Amalie",
            "Hanna", "Linnea", "Mathilde", "Julie", "Aurora", "Live", "Eva", "Alma", "Sigrid", "Iben",
            "Oda", "Mia", "Agnes", "Tuva", "Andrea", "Mille", "Anna", "Martine", "Johanne", "Tilde",
            "Kaja", "Mina", "Solveig", "Eline", "Marie", "Siri", "Vår", "Une", "Sunniva", "Synne",
        ],
        Boys:
        [
            "Jakob", "Emil", "Noah", "Oliver", "Filip", "William", "Lucas", "Liam", "Henrik", "Oskar",
            "Aksel", "Theodor", "Elias", "Kasper", "Magnus", "Johannes", "Isak", "Mathias", "Tobias", "Sander",
            "Ludvig", "Olav", "Håkon", "Sebastian", "Even", "Ulrik", "Iver", "Jonas", "Adrian", "Edvard",
            "Sverre", "Birk", "Mats", "Sondre", "Markus", "Vetle", "Torstein", "Aleksander", "Benjamin", "Leon",
            "Mikkel", "Storm", "Gustav", "Herman", "Odin", "Brage", "Eirik", "Martin", "Peder", "Tor",
        ],
        Women:
        [
            "Kari", "Ingrid", "Marianne", "Hilde", "Silje", "Ingvild", "Camilla", "Kristin", "Anne", "Marte",
            "Ida", "Linn", "Tonje", "Hege", "Ragnhild", "Siri", "Line", "Stine", "Maren", "Guro",
            "Eli", "Trine", "Therese", "Heidi", "Lene", "Nina", "Kristine", "Ane", "Kjersti", "Solveig",
            "Elisabeth", "Tone", "Mari", "Hanne", "Monica", "Cecilie", "Karoline", "Kine", "Janne", "Vibeke",
            "Randi", "Lise", "Merete", "Gunhild", "Torunn", "Birgitte", "Malin", "Sigrun", "Åse", "Berit",
        ],
        Men:
        [
            "Ole", "Lars", "Morten", "Anders", "Thomas", "Espen", "Kristian", "Martin", "Erlend", "Jørgen",
            "Eirik", "Bjørn", "Stian", "Knut", "Geir", "Per", "Trond", "Rune", "Håvard", "Øyvind",
            "Vegard", "Torbjørn", "Jon", "Magnus", "Kjetil", "Fredrik", "Sindre", "Joakim", "Petter", "Audun",
            "Tore", "Arne", "Jan", "Hans", "Christian", "Andreas", "Daniel", "Marius", "Henrik", "Alexander",
            "Terje", "Sigurd", "Ståle", "Helge", "Ivar", "Steinar", "Jostein", "Einar", "Asbjørn", "Gaute",
        ],
        FamilyNames:
        [
            "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen", "Karlsen",
            "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen", "Andreassen", "Jacobsen", "Dahl",
            "Jørgensen", "Halvorsen", "Henriksen", "Lund", "Sørensen", "Jakobsen", "Moen", "Gundersen", "Iversen", "Strand",
            "Solberg", "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen", "Bakken", "Kristoffersen", "Mathisen", "Lie",
            "Amundsen", "Rasmussen", "Lunde", "Kristensen", "Bakke", "Berge", "Moe", "Nygård", "Fredriksen", "Solheim",
            "Holm", "Aas", "Myhre", "Sæther", "Bjerke", "Haugland", "Brekke", "Ødegård", "Vik", "Aune",
            "Rønning", "Hovde", "Fossum", "Gjerde", "Tangen", "Lien", "Hauge", "Sunde", "Tveit", "Engen",
            "Nordby", "Kvam", "Foss", "Løken", "Ruud", "Sandvik", "Aasen", "Hoel", "Hoff", "Stene",
            "Melby", "Grønli", "Bjørnstad", "Ulvestad", "Vold", "Næss", "Wold", "Brun", "Skjetne", "Husby",
        ]);

    /// <summary>Backgrounds other than Norwegian, weighted roughly by how common they are in a Norwegian city.</summary>
    public static readonly NameBackground[] Others =
    [
        Shared("pl", 30,
            ["Anna", "Katarzyna", "Magdalena", "Agnieszka", "Joanna", "Zofia", "Julia", "Maja", "Natalia", "Oliwia", "Hanna", "Lena"],
            ["Piotr", "Tomasz", "Paweł", "Krzysztof", "Marcin", "Jakub", "Kacper", "Szymon", "Filip", "Antoni", "Wojciech", "Michał"],
            ["Nowak", "Wójcik", "Kowalczyk", "Mazur", "Krawczyk", "Zając", "Król", "Wieczorek", "Dudek", "Pawlak", "Sikora", "Kaczmarek"]),
        Shared("so", 15,
            ["Amina", "Hodan", "Fadumo", "Ifrah", "Sagal", "Hibaq", "Ayaan", "Nasra", "Ubah", "Idil"],
            ["Abdi", "Mohamed", "Ahmed", "Abdirahman", "Hassan", "Yusuf", "Mahad", "Ayub", "Guled", "Liban"],
            ["Ali", "Hassan", "Abdi", "Farah", "Warsame", "Osman", "Jama", "Nur", "Hersi", "Duale", "Mohamud", "Egal"]),
        Shared("pk", 15,
            ["Ayesha", "Fatima", "Sana", "Hina", "Maryam", "Zainab", "Amna", "Iqra", "Mahnoor", "Noor"],
            ["Ali", "Hamza", "Usman", "Bilal", "Imran", "Faisal", "Zain", "Ibrahim", "Adeel", "Omar"],
            ["Khan", "Hussain", "Ahmed", "Iqbal", "Butt", "Malik", "Chaudhry", "Raza", "Javed", "Akhtar", "Qureshi", "Mirza"]),
        Shared("sy", 15,
            ["Layla", "Noor", "Rana", "Hala", "Rasha", "Maha", "Dima", "Lina", "Yasmin", "Salma"],
            ["Omar", "Yousef", "Ahmad", "Khaled", "Mahmoud", "Samer", "Rami", "Karim", "Tarek", "Adnan"],
            ["Haddad", "Khalil", "Al-Hassan", "Darwish", "Hamdan", "Saleh", "Najjar", "Mansour", "Awad", "Issa", "Shaheen", "Ibrahim"]),
        Shared("er", 10,
            ["Selam", "Helen", "Saba", "Senait", "Rahel", "Mihret", "Luwam", "Winta", "Feven", "Yordanos"],
            ["Yonas", "Daniel", "Samuel", "Filmon", "Biniam", "Robel", "Henok", "Awet", "Mussie", "Natnael"],
            ["Tesfay", "Haile", "Kidane", "Gebremariam", "Tekle", "Berhane", "Ghebre", "Mehari", "Asmerom", "Habte", "Weldu", "Yohannes"]),
        Shared("vn", 10,
            ["Linh", "Mai", "Thu", "Lan", "Ngoc", "Hoa", "Anh", "Trang", "Vy", "My"],
            ["Minh", "Duc", "Tuan", "Hung", "Quang", "Long", "Nam", "Khoa", "Bao", "Huy"],
            ["Nguyen", "Tran", "Le", "Pham", "Hoang", "Phan", "Vu", "Dang", "Bui", "Do", "Ngo", "Duong"]),
        Shared("tr", 8,
            ["Elif", "Zeynep", "Ayşe", "Esra", "Meryem", "Derya", "Leyla", "Rojda", "Berfin", "Defne"],
            ["Emre", "Mehmet", "Murat", "Ahmet", "Kemal", "Baran", "Serhat", "Deniz", "Yusuf", "Can"],
            ["Yılmaz", "Demir", "Kaya", "Şahin", "Çelik", "Aydın", "Öztürk", "Arslan", "Doğan", "Kılıç", "Aslan", "Polat"]),
        Shared("ph", 8,
            ["Maria", "Jasmine", "Kristine", "Angelica", "Rowena", "Marites", "Jennifer", "Joy", "Charmaine", "Liezel"],
            ["Joshua", "John Paul", "Mark", "Jerome", "Rodel", "Christian", "Ramon", "Jun", "Carlo", "Arnel"],
            ["Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza", "Dela Cruz", "Villanueva", "Ramos", "Aquino", "Castillo", "Navarro"]),
        Shared("ir", 10,
            ["Sara", "Maryam", "Shirin", "Parisa", "Nazanin", "Leila", "Mina", "Roya", "Yalda", "Setareh"],
            ["Arash", "Reza", "Amir", "Babak", "Dariush", "Farid", "Kian", "Navid", "Omid", "Parsa"],
            ["Rahimi", "Hosseini", "Ahmadi", "Karimi", "Mohammadi", "Jafari", "Rezaei", "Sadeghi", "Moradi", "Azizi", "Nazari", "Hashemi"]),
        Shared("ta", 6,
            ["Nila", "Kavya", "Thulasi", "Sharmila", "Abirami", "Mathumitha", "Priya", "Vithya", "Janani", "Keerthana"],
            ["Arjun", "Kajan", "Thushanth", "Pirashanth", "Niroshan", "Dinesh", "Kirushanth", "Suthan", "Mathan", "Ravi"],
            ["Sivakumar", "Rajendran", "Sivanathan", "Thevarajah", "Kanagaratnam", "Yogarajah", "Balasingam", "Selvarajah", "Jeyakumar", "Arulanantham"]),
    ];

    /// <summary>Where given names hold for both children and adults, the same lists serve both.</summary>
    private static NameBackground Shared(string key, int weight, string[] female, string[] male, string[] familyNames) =>
        new(key, weight, female, male, female, male, familyNames);
}
