using System.Globalization;
using Meldebok.Server.Features.Roster;
using Meldebok.Server.Features.Sfo;

namespace Meldebok.Server.Features.Demo;

/// <summary>
/// Generates a demo municipality: schools with grades 1–7, classes, SFO for grades 1–4, pupils
/// born for their grade, families (together, living apart, single guardians, and the rare
/// relationships the access rules must handle), and staff in every role. The same size, seed
/// and school year give the same municipality every time; only the record ids differ.
/// </summary>
internal sealed class DemoMunicipalityGenerator
{
    /// <summary>The seed used when none is given: the small size then makes "Fjordvik kommune".</summary>
    public const int DefaultSeed = 1;

    // Share (per cent) of each grade's pupils who go to SFO; grades 5–7 have none.
    private static readonly int[] SfoPercentByGrade = [0, 90, 85, 70, 45];

    private readonly Random _random;
    /// <summary>Draws the SFO places' weekdays apart from <see cref="_random"/>, so that adding them left every other draw as it was.</summary>
    private readonly Random _sfoRandom;
    private readonly DemoProfile _profile;
    private readonly DemoIdentities _ids;
    private readonly DemoMunicipality _data;
    private readonly DateTimeOffset _now;
    private readonly Guid _municipalityId;
    private int _sourcedSequence;
    /// <summary>The scripted SFO children that get pickup persons and weekly rules, with the guardian who made them.</summary>
    private readonly List<(Pupil Child, Guardian Guardian)> _pickupChildren = [];

    private DemoMunicipalityGenerator(DemoProfile profile, int seed, DateTimeOffset now)
    {
        _profile = profile;
        _now = now;
        _random = new Random(unchecked(seed * 7919 + (int)profile.Size));
        _sfoRandom = new Random(unchecked(seed * 104729 + (int)profile.Size));

        var names = DemoPlaceNames.Municipalities;
        var place = names[(((seed - DefaultSeed + profile.MunicipalityNameIndex) % names.Length) + names.Length) % names.Length];
        var feideDomain = DemoIdentities.FeideDomainFor(place);
        _ids = new DemoIdentities(_random, feideDomain);

        var municipality = new Municipality { Name = $"{place} kommune", OrganisationNumber = _ids.OrganisationNumber() };
        municipality.Touch(now);
        _municipalityId = municipality.Id;
        var today = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(municipality.TimeZone));
        // The school year starts in August.
        var schoolYear = today.Month >= 8 ? today.Year : today.Year - 1;
        _data = new DemoMunicipality { Municipality = municipality, FeideDomain = feideDomain, SchoolYear = schoolYear };
    }

    /// <summary>Generates the municipality of <paramref name="size"/> and <paramref name="seed"/> for the school year under way at <paramref name="now"/>.</summary>
    public static DemoMunicipality Generate(DemoSize size, int seed, DateTimeOffset now) =>
        new DemoMunicipalityGenerator(DemoProfile.For(size), seed, now).Run();

    private DemoMunicipality Run()
    {
        AddAdministrators();
        var schoolNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < _profile.Schools; i++)
        {
            var school = AddSchool(schoolNames, _profile.ClassesPerGrade[i % _profile.ClassesPerGrade.Length]);
            var first = i == 0;
            if (first)
            {
                AddScriptedFamilies(school);
            }

            while (school.OpenSeats.Count > 0)
            {
                AddFamily(school);
            }

            AddStaff(school, first);
        }

        // Last, so that the random numbers they take leave the rest of the municipality as it was.
        AddPickupArrangements();
        return _data;
    }

    // ---- schools, classes and SFO -------------------------------------------------------------

    private sealed class SchoolPlan(School school, SfoUnit sfo)
    {
        public School School { get; } = school;
        public SfoUnit Sfo { get; } = sfo;
        public List<Group> Classes { get; } = [];
        /// <summary>The SFO groups of grades 1–4, in grade order.</summary>
        public List<Group> SfoGroups { get; } = [];
        public Group SfoGroupFor(int grade) => SfoGroups[grade - 1];
        /// <summary>One entry per free place in a class; taken places are removed.</summary>
        public List<Group> OpenSeats { get; } = [];
        public int SfoPupils { get; set; }
    }

    private SchoolPlan AddSchool(HashSet<string> taken, int parallelClasses)
    {
        string name;
        do
        {
            name = DemoPlaceNames.SchoolName(_random);
        }
        while (!taken.Add(name));

        var school = Touched(new School(_municipalityId) { Name = name, OrganisationNumber = _ids.OrganisationNumber(), SourcedId = NextSourcedId("school") });
        var sfo = Touched(new SfoUnit(_municipalityId) { SchoolId = school.Id, Name = $"{name} SFO", SourcedId = NextSourcedId("sfo") });
        _data.Schools.Add(school);
        _data.SfoUnits.Add(sfo);

        var plan = new SchoolPlan(school, sfo);
        for (var grade = 1; grade <= 7; grade++)
        {
            for (var parallel = 0; parallel < parallelClasses; parallel++)
            {
                var className = string.Create(CultureInfo.InvariantCulture, $"{grade}{(char)('A' + parallel)}");
                var klass = AddGroup(school.Id, sfoUnitId: null, className, GroupKind.Class, grade);
                plan.Classes.Add(klass);
                var size = _random.Next(_profile.MinClassSize, _profile.MaxClassSize + 1);
                plan.OpenSeats.AddRange(Enumerable.Repeat(klass, size));
            }
        }

        for (var grade = 1; grade <= 4; grade++)
        {
            plan.SfoGroups.Add(AddGroup(school.Id, sfo.Id, string.Create(CultureInfo.InvariantCulture, $"SFO {grade}. trinn"), GroupKind.SfoGroup, grade));
        }

        return plan;
    }

    private Group AddGroup(Guid schoolId, Guid? sfoUnitId, string name, GroupKind kind, int grade)
    {
        var group = Touched(new Group(_municipalityId)
        {
            SchoolId = schoolId,
            SfoUnitId = sfoUnitId,
            Name = name,
            Kind = kind,
            SchoolYear = _data.SchoolYear,
            Grade = grade,
            SourcedId = NextSourcedId("group"),
        });
        _data.Groups.Add(group);
        return group;
    }

    // ---- families ------------------------------------------------------------------------------

    private enum Relation
    {
        /// <summary>Living together; both have parental responsibility and daily care.</summary>
        Together,
        /// <summary>Living apart; both have parental responsibility, the first has daily care.</summary>
        LivingApart,
        /// <summary>One guardian only.</summary>
        Single,
        /// <summary>The second parent has no parental responsibility but a right to information.</summary>
        OtherParentInformedOnly,
        /// <summary>The second parent has neither parental responsibility nor a right to information.</summary>
        OtherParentWithoutAccess,
        /// <summary>The second parent has parental responsibility but is blocked, e.g. by a court order.</summary>
        OtherParentBlocked,
    }

    /// <summary>The five families every demo municipality's first school has, so each special case is there to sign in and test with.</summary>
    private void AddScriptedFamilies(SchoolPlan school)
    {
        var no = DemoNames.Norwegian;

        var kari = AddGuardian("Kari", "Nordmann", female: true, Born(40, 4, 12), no, DemoSignIns.SourcedIdFor(DemoSignIns.SplitHouseholdGuardian));
        var jonas = AddGuardian("Jonas", "Berg", female: false, Born(42, 11, 3), no);
        foreach (var (given, female, grade, sfo) in new[] { ("Ella", true, 2, true), ("Magnus", false, 5, false) })
        {
            var child = AddPupil(school, TakeSeat(school, grade), given, "Berg Nordmann", female, ProtectedAddressLevel.None, sfo);
            Link(kari, child, parentalResponsibility: true, dailyCare: true);
            Link(jonas, child, parentalResponsibility: true, dailyCare: false);
            if (sfo)
            {
                _pickupChildren.Add((child, kari));
            }
        }

        var sofie = AddPupil(school, TakeSeat(school, 4), "Sofie", "Haugen", female: true, ProtectedAddressLevel.None, inSfo: true);
        var ingrid = AddGuardian("Ingrid", "Haugen", female: true, Born(38, 2, 20), no);
        _pickupChildren.Add((sofie, ingrid));
        AddFamilyLinks(sofie, Relation.OtherParentInformedOnly,
            ingrid,
            AddGuardian("Thomas", "Lie", female: false, Born(41, 7, 9), no, DemoSignIns.SourcedIdFor(DemoSignIns.GuardianWithoutParentalResponsibility)));

        var aksel = AddPupil(school, TakeSeat(school, 3), "Aksel", "Strand", female: false, ProtectedAddressLevel.None, inSfo: false);
        AddFamilyLinks(aksel, Relation.OtherParentWithoutAccess,
            AddGuardian("Hilde", "Strand", female: true, Born(39, 9, 1), no),
            AddGuardian("Espen", "Vik", female: false, Born(43, 5, 27), no));

        var nora = AddPupil(school, TakeSeat(school, 1), "Nora", "Lunde", female: true, ProtectedAddressLevel.StrictlyConfidential, inSfo: true);
        AddFamilyLinks(nora, Relation.OtherParentBlocked,
            AddGuardian("Camilla", "Lunde", female: true, Born(35, 1, 15), no),
            AddGuardian("Stian", "Myhre", female: false, Born(37, 6, 30), no));

        var oliver = AddPupil(school, TakeSeat(school, 6), "Oliver", "Sandvik", female: false, ProtectedAddressLevel.Confidential, inSfo: false);
        AddFamilyLinks(oliver, Relation.Together,
            AddGuardian("Marte", "Sandvik", female: true, Born(42, 3, 8), no),
            AddGuardian("Eirik", "Sandvik", female: false, Born(44, 10, 17), no));
    }

    /// <summary>
    /// Pickup persons ("Bestemor", "Morfar") and weekly rules for the scripted SFO children: picked up by the grandmother on
    /// Mondays and Thursdays, by the grandfather on Fridays, and the bus (or walking home) on Wednesdays.
    /// </summary>
    private void AddPickupArrangements()
    {
        foreach (var (child, guardian) in _pickupChildren)
        {
            Sfo.Pickup.AuthorizedPickupPerson Person(string name, string relation)
            {
                var person = new Sfo.Pickup.AuthorizedPickupPerson
                {
                    MunicipalityId = _municipalityId, PupilId = child.Id, Name = name, Relation = relation, Phone = _ids.Mobile(),
                    CreatedByGuardianId = guardian.Id, CreatedAt = _now, UpdatedAt = _now,
                };
                _data.AuthorizedPickupPersons.Add(person);
                return person;
            }

            void Rule(DayOfWeek day, Sfo.DepartureMethod method, TimeOnly time, Sfo.Pickup.AuthorizedPickupPerson? person = null, string? note = null) =>
                _data.PickupRules.Add(new Sfo.Pickup.PickupRule
                {
                    MunicipalityId = _municipalityId, PupilId = child.Id, Weekday = day, Method = method, Time = time, AuthorizedPersonId = person?.Id,
                    Note = note, CreatedByGuardianId = guardian.Id, CreatedAt = _now, UpdatedAt = _now,
                });

            var grandmother = Person($"Randi {guardian.FamilyName}", "Bestemor");
            var grandfather = Person("Arne Solheim", "Morfar");
            Rule(DayOfWeek.Monday, Sfo.DepartureMethod.PickedUp, new TimeOnly(15, 30), grandmother);
            Rule(DayOfWeek.Wednesday, child.GivenName == "Sofie" ? Sfo.DepartureMethod.WentHomeAlone : Sfo.DepartureMethod.Bus, new TimeOnly(14, 45));
            Rule(DayOfWeek.Thursday, Sfo.DepartureMethod.PickedUp, new TimeOnly(15, 30), grandmother);
            Rule(DayOfWeek.Friday, Sfo.DepartureMethod.PickedUp, new TimeOnly(14, 30), grandfather, "Morfar kommer med bil");
        }
    }

    private void AddFamily(SchoolPlan school)
    {
        var seats = TakeSiblingSeats(school);
        var (backgroundA, backgroundB) = PickBackgrounds();
        var relation = PickRelation();
        var femaleA = _random.Next(100) < 80;
        // A few couples are two mothers or two fathers.
        var femaleB = _random.Next(100) < 97 ? !femaleA : femaleA;
        var familyA = Pick(backgroundA.FamilyNames);
        var familyB = backgroundA == backgroundB && relation == Relation.Together && _random.Next(100) < 40 ? familyA : Pick(backgroundB.FamilyNames);
        var childFamily = relation == Relation.Single ? familyA : ChildFamilyName(familyA, familyB);
        var protection = PickProtection();

        var children = new List<Pupil>(seats.Count);
        foreach (var seat in seats)
        {
            var female = _random.Next(2) == 0;
            var background = _random.Next(2) == 0 ? backgroundA : backgroundB;
            children.Add(AddPupil(school, seat, ChildGivenName(background, female), childFamily, female, protection, inSfo: null));
        }

        var oldest = children.Min(c => c.BirthDate);
        var guardianA = AddGuardian(Pick(femaleA ? backgroundA.Women : backgroundA.Men), familyA, femaleA, ParentBirthDate(oldest, femaleA), backgroundA);
        var guardianB = relation == Relation.Single
            ? null
            : AddGuardian(Pick(femaleB ? backgroundB.Women : backgroundB.Men), familyB, femaleB, ParentBirthDate(oldest, femaleB), backgroundB);
        foreach (var child in children)
        {
            AddFamilyLinks(child, relation, guardianA, guardianB);
        }
    }

    private void AddFamilyLinks(Pupil child, Relation relation, Guardian first, Guardian? second)
    {
        Link(first, child, parentalResponsibility: true, dailyCare: true);
        switch (relation)
        {
            case Relation.Together:
                Link(second!, child, parentalResponsibility: true, dailyCare: true);
                break;
            case Relation.LivingApart:
                Link(second!, child, parentalResponsibility: true, dailyCare: false);
                break;
            case Relation.OtherParentInformedOnly:
                Link(second!, child, parentalResponsibility: false, dailyCare: false, rightToInformation: true);
                break;
            case Relation.OtherParentWithoutAccess:
                Link(second!, child, parentalResponsibility: false, dailyCare: false);
                break;
            case Relation.OtherParentBlocked:
                Link(second!, child, parentalResponsibility: true, dailyCare: false, blocked: true);
                break;
            case Relation.Single:
                break;
        }
    }

    private Relation PickRelation() => _random.Next(1000) switch
    {
        < 12 => Relation.OtherParentInformedOnly,
        < 16 => Relation.OtherParentWithoutAccess,
        < 18 => Relation.OtherParentBlocked,
        < 208 => Relation.LivingApart,
        < 288 => Relation.Single,
        _ => Relation.Together,
    };

    private ProtectedAddressLevel PickProtection() => _random.Next(1000) switch
    {
        < 1 => ProtectedAddressLevel.StrictlyConfidential,
        < 4 => ProtectedAddressLevel.Confidential,
        _ => ProtectedAddressLevel.None,
    };

    /// <summary>Most families are Norwegian; some have one parent, some both, of another background.</summary>
    private (NameBackground A, NameBackground B) PickBackgrounds()
    {
        var roll = _random.Next(1000);
        if (roll < DemoNames.Norwegian.Weight)
        {
            return (DemoNames.Norwegian, DemoNames.Norwegian);
        }

        var other = PickOtherBackground();
        return roll < DemoNames.Norwegian.Weight + 50
            ? (_random.Next(2) == 0 ? (DemoNames.Norwegian, other) : (other, DemoNames.Norwegian))
            : (other, other);
    }

    private NameBackground PickOtherBackground()
    {
        var roll = _random.Next(DemoNames.Others.Sum(b => b.Weight));
        foreach (var background in DemoNames.Others)
        {
            if (roll < background.Weight)
            {
                return background;
            }

            roll -= background.Weight;
        }

        return DemoNames.Others[^1];
    }

    private string ChildGivenName(NameBackground background, bool female)
    {
        // Many families of other backgrounds choose names that are common in Norway too.
        var from = background.IsNorwegian || _random.Next(100) < 70 ? background : DemoNames.Norwegian;
        return Pick(female ? from.Girls : from.Boys);
    }

    private string ChildFamilyName(string familyA, string familyB)
    {
        if (familyA == familyB)
        {
            return familyA;
        }

        return _random.Next(100) switch
        {
            < 45 => familyB,
            < 80 => familyA,
            _ => $"{familyA} {familyB}",
        };
    }

    private DateOnly ParentBirthDate(DateOnly oldestChild, bool female)
    {
        var ageAtBirth = female ? _random.Next(24, 41) : _random.Next(26, 45);
        return RandomDateIn(oldestChild.Year - ageAtBirth);
    }

    // ---- seats ---------------------------------------------------------------------------------

    /// <summary>One child, or siblings in different grades of the same school.</summary>
    private List<Group> TakeSiblingSeats(SchoolPlan school)
    {
        var children = _random.Next(100) switch { < 93 => 1, < 99 => 2, _ => 3 };
        var seats = new List<Group> { TakeSeatAt(school, _random.Next(school.OpenSeats.Count)) };
        for (var sibling = 1; sibling < children; sibling++)
        {
            for (var attempt = 0; attempt < 8 && school.OpenSeats.Count > 0; attempt++)
            {
                var index = _random.Next(school.OpenSeats.Count);
                if (seats.TrueForAll(s => s.Grade != school.OpenSeats[index].Grade))
                {
                    seats.Add(TakeSeatAt(school, index));
                    break;
                }
            }
        }

        return seats;
    }

    /// <summary>A place in the grade's A class.</summary>
    private static Group TakeSeat(SchoolPlan school, int grade)
    {
        var klass = school.Classes.First(c => c.Grade == grade);
        return TakeSeatAt(school, school.OpenSeats.IndexOf(klass));
    }

    private static Group TakeSeatAt(SchoolPlan school, int index)
    {
        var seat = school.OpenSeats[index];
        school.OpenSeats[index] = school.OpenSeats[^1];
        school.OpenSeats.RemoveAt(school.OpenSeats.Count - 1);
        return seat;
    }

    // ---- people --------------------------------------------------------------------------------

    private Pupil AddPupil(SchoolPlan school, Group klass, string givenName, string familyName, bool female, ProtectedAddressLevel protection, bool? inSfo)
    {
        var grade = klass.Grade!.Value;
        // Pupils start grade 1 in the year they turn six.
        var birthDate = RandomDateIn(_data.SchoolYear - 5 - grade);
        var pupil = Touched(new Pupil(_municipalityId)
        {
            SchoolId = school.School.Id,
            GivenName = givenName,
            FamilyName = familyName,
            BirthDate = birthDate,
            NationalIdentityNumber = _ids.NationalIdentityNumber(birthDate, female),
            ProtectedAddress = protection,
            SourcedId = NextSourcedId("pupil"),
        });
        _data.Pupils.Add(pupil);
        _data.GroupMemberships.Add(new GroupMembership { PupilId = pupil.Id, GroupId = klass.Id });

        if (grade <= 4 && (inSfo ?? _random.Next(100) < SfoPercentByGrade[grade]))
        {
            _data.GroupMemberships.Add(new GroupMembership { PupilId = pupil.Id, GroupId = school.SfoGroupFor(grade).Id });
            school.SfoPupils++;
            AddSfoPlace(school, pupil, everyDay: inSfo == true);
        }

        return pupil;
    }

    /// <summary>Weekday patterns of SFO places and how common each is (of 100), with their place percentage.</summary>
    private static readonly (int Weight, SfoWeekdays Days, int Percentage)[] SfoPlaces =
    [
        (55, SfoWeekdays.Monday | SfoWeekdays.Tuesday | SfoWeekdays.Wednesday | SfoWeekdays.Thursday | SfoWeekdays.Friday, 100),
        (15, SfoWeekdays.Monday | SfoWeekdays.Tuesday | SfoWeekdays.Wednesday | SfoWeekdays.Thursday, 80),
        (15, SfoWeekdays.Monday | SfoWeekdays.Wednesday | SfoWeekdays.Friday, 60),
        (10, SfoWeekdays.Tuesday | SfoWeekdays.Thursday, 40),
        (5, SfoWeekdays.Wednesday, 20),
    ];

    /// <summary>
    /// An SFO place from the start of the school year, open-ended. The scripted demo children attend every weekday, so that the
    /// demo's SFO day works whichever day it is shown on; the others get a varied pattern.
    /// </summary>
    private void AddSfoPlace(SchoolPlan school, Pupil pupil, bool everyDay)
    {
        var draw = _sfoRandom.Next(100);
        var place = SfoPlaces[0];
        foreach (var candidate in SfoPlaces)
        {
            if (draw < candidate.Weight)
            {
                place = candidate;
                break;
            }

            draw -= candidate.Weight;
        }

        if (everyDay)
        {
            place = SfoPlaces[0];
        }

        _data.SfoEnrolments.Add(new SfoEnrolment
        {
            MunicipalityId = _municipalityId,
            SfoUnitId = school.Sfo.Id,
            PupilId = pupil.Id,
            Weekdays = place.Days,
            PlacePercentage = place.Percentage,
            StartDate = new DateOnly(_data.SchoolYear, 8, 1),
            CreatedAt = _now,
            UpdatedAt = _now,
        });
    }

    private Guardian AddGuardian(string givenName, string familyName, bool female, DateOnly birthDate, NameBackground background, string? sourcedId = null)
    {
        var guardian = Touched(new Guardian(_municipalityId)
        {
            GivenName = givenName,
            FamilyName = familyName,
            NationalIdentityNumber = _ids.NationalIdentityNumber(birthDate, female),
            Email = _ids.Email(givenName, familyName),
            Mobile = _ids.Mobile(),
            PreferredLanguage = background.IsNorwegian
                ? (_random.Next(100) < 97 ? "nb" : "nn")
                : (_random.Next(100) < 65 ? "nb" : "en"),
            SourcedId = sourcedId ?? NextSourcedId("guardian"),
        });
        _data.Guardians.Add(guardian);
        return guardian;
    }

    private void Link(Guardian guardian, Pupil pupil, bool parentalResponsibility, bool dailyCare, bool rightToInformation = false, bool blocked = false) =>
        _data.GuardianLinks.Add(Touched(new GuardianLink(_municipalityId)
        {
            GuardianId = guardian.Id,
            PupilId = pupil.Id,
            ParentalResponsibility = parentalResponsibility,
            DailyCare = dailyCare,
            RightToInformation = rightToInformation,
            Blocked = blocked,
            SourcedId = NextSourcedId("guardian-link"),
        }));

    /// <summary>A principal, the office, an SFO leader and SFO staff, a contact teacher per class and subject teachers.</summary>
    private void AddStaff(SchoolPlan school, bool scripted)
    {
        var principal = scripted ? NewStaff("Per", "Solberg", DemoSignIns.Principal) : RandomStaff(percentWomen: 55);
        Assign(principal, school, StaffRole.Principal, []);

        var officeStaff = school.Classes.Count > 10 ? 2 : 1;
        for (var i = 0; i < officeStaff; i++)
        {
            Assign(scripted && i == 0 ? NewStaff("Hege", "Brekke", DemoSignIns.Office) : RandomStaff(percentWomen: 80), school, StaffRole.Office, []);
        }

        var sfoGroups = school.SfoGroups;
        Assign(RandomStaff(percentWomen: 70), school, StaffRole.SfoLeader, sfoGroups);
        // About one adult for every fifteen children at SFO.
        var sfoStaff = Math.Max(2, (school.SfoPupils + 14) / 15);
        for (var i = 0; i < sfoStaff; i++)
        {
            if (scripted && i == 0)
            {
                Assign(NewStaff("Tonje", "Bakken", DemoSignIns.SfoStaff), school, StaffRole.SfoStaff, [school.SfoGroupFor(1), school.SfoGroupFor(2)]);
            }
            else
            {
                Assign(RandomStaff(percentWomen: 70), school, StaffRole.SfoStaff, [sfoGroups[i % sfoGroups.Count]]);
            }
        }

        foreach (var klass in school.Classes)
        {
            var teacher = scripted && klass.Name == "5A" ? NewStaff("Silje", "Haugland", DemoSignIns.ContactTeacher) : RandomStaff(percentWomen: 75);
            Assign(teacher, school, StaffRole.ContactTeacher, [klass]);
        }

        // Subject teachers (music, PE, special needs) share the classes between them.
        var subjectTeachers = Math.Max(1, school.Classes.Count / 3);
        for (var i = 0; i < subjectTeachers; i++)
        {
            var classes = school.Classes.Where((_, index) => index % subjectTeachers == i).ToArray();
            Assign(RandomStaff(percentWomen: 65), school, StaffRole.Teacher, classes);
        }
    }

    private Staff RandomStaff(int percentWomen)
    {
        var background = _random.Next(100) < 88 ? DemoNames.Norwegian : PickOtherBackground();
        var female = _random.Next(100) < percentWomen;
        return NewStaff(Pick(female ? background.Women : background.Men), Pick(background.FamilyNames), signInKey: null);
    }

    private Staff NewStaff(string givenName, string familyName, string? signInKey)
    {
        var staff = Touched(new Staff(_municipalityId)
        {
            GivenName = givenName,
            FamilyName = familyName,
            FeideId = _ids.FeideId(givenName, familyName),
            Email = _ids.Email(givenName, familyName),
            Mobile = signInKey is not null || _random.Next(100) < 70 ? _ids.Mobile() : null,
            SourcedId = signInKey is null ? NextSourcedId("staff") : DemoSignIns.SourcedIdFor(signInKey),
        });
        _data.Staff.Add(staff);
        return staff;
    }

    private void Assign(Staff staff, SchoolPlan school, StaffRole role, IEnumerable<Group> groups)
    {
        var assignment = Touched(new StaffAssignment(_municipalityId)
        {
            StaffId = staff.Id,
            SchoolId = school.School.Id,
            Role = role,
            SourcedId = NextSourcedId("staff-assignment"),
        });
        _data.StaffAssignments.Add(assignment);
        _data.StaffAssignmentGroups.AddRange(groups.Select(g => new StaffAssignmentGroup { StaffAssignmentId = assignment.Id, GroupId = g.Id }));
    }

    private void AddAdministrators()
    {
        for (var i = 0; i < _profile.Administrators; i++)
        {
            var female = _random.Next(2) == 0;
            var (given, family) = i == 0
                ? ("Anders", "Moe")
                : (Pick(female ? DemoNames.Norwegian.Women : DemoNames.Norwegian.Men), Pick(DemoNames.Norwegian.FamilyNames));
            _data.Administrators.Add(Touched(new MunicipalityAdministrator(_municipalityId)
            {
                GivenName = given,
                FamilyName = family,
                Email = _ids.Email(given, family),
                FeideId = _ids.FeideId(given, family),
                SourcedId = i == 0 ? DemoSignIns.SourcedIdFor(DemoSignIns.MunicipalityAdmin) : NextSourcedId("administrator"),
            }));
        }

        // The municipality's director of education, who sits on the portfolio board and follows usage and benefits.
        _data.PortfolioBoard.Add(Touched(new PortfolioBoardMember(_municipalityId)
        {
            GivenName = "Liv",
            FamilyName = "Strand",
            Email = _ids.Email("Liv", "Strand"),
            FeideId = _ids.FeideId("Liv", "Strand"),
            SourcedId = DemoSignIns.SourcedIdFor(DemoSignIns.PortfolioBoard),
        }));
    }

    // ---- small helpers -------------------------------------------------------------------------

    private T Touched<T>(T entity) where T : RosterEntity
    {
        entity.Touch(_now);
        return entity;
    }

    private string NextSourcedId(string kind) =>
        string.Create(CultureInfo.InvariantCulture, $"demo-{kind}-{++_sourcedSequence:000000}");

    private string Pick(string[] names) => names[_random.Next(names.Length)];

    /// <summary>A birth date <paramref name="yearsBefore"/> years before the school year starts, so scripted parents age with it.</summary>
    private DateOnly Born(int yearsBefore, int month, int day) => new(_data.SchoolYear - yearsBefore, month, day);

    private DateOnly RandomDateIn(int year) =>
        new DateOnly(year, 1, 1).AddDays(_random.Next(DateTime.IsLeapYear(year) ? 366 : 365));
}
