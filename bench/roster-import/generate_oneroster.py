#!/usr/bin/env python3
"""Writes a Trondheim-sized OneRoster 1.2 CSV set (bundle.zip) for measuring the roster import by hand.

Default: 60 schools, 22 000 pupils, 40 000 guardians, 3 000 staff. All national identity numbers are
synthetic (month + 80, as in Skatteetaten's test register), so no real person can be hit.

    python3 bench/roster-import/generate_oneroster.py OUT_DIR [--schools 60] [--pupils 22000]
"""
import argparse
import csv
import io
import os
import random
import zipfile

W1 = [3, 7, 6, 1, 8, 9, 4, 5, 2]
W2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]


def control(digits, weights):
    c = 11 - sum(d * w for d, w in zip(digits, weights)) % 11
    return 0 if c == 11 else None if c == 10 else c


def synthetic_number(rng, year, used):
    """A synthetic fødselsnummer for someone born in `year` with valid check digits."""
    while True:
        day, month = rng.randint(1, 28), rng.randint(1, 12)
        individual = rng.randint(500, 999) if year >= 2000 else rng.randint(0, 499)
        nine = f"{day:02}{month + 80:02}{year % 100:02}{individual:03}"
        digits = [int(c) for c in nine]
        first = control(digits, W1)
        if first is None:
            continue
        second = control(digits + [first], W2)
        if second is None:
            continue
        number = f"{nine}{first}{second}"
        if number not in used:
            used.add(number)
            return number


def write(name, header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return name, buffer.getvalue().encode("utf-8")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--schools", type=int, default=60)
    parser.add_argument("--pupils", type=int, default=22_000)
    parser.add_argument("--staff-per-school", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    used = set()

    orgs = [["d1", "", "", "Trondheim kommune", "district", "", ""]]
    classes, users, roles, enrollments, relations, pupil_details = [], [], [], [], [], []
    classes_by_school = {}
    for s in range(args.schools):
        sid = f"s{s}"
        orgs.append([sid, "", "", f"Skole {s} skole", "school", "", "d1"])
        classes_by_school[sid] = []
        for grade in range(1, 11):
            for letter in "AB":
                cid = f"{sid}c{grade}{letter}"
                classes.append([cid, "", "", f"{grade}{letter}", f"{grade:02}", "", f"{grade}{letter}", "homeroom", "", sid, "", "", "", ""])
                classes_by_school[sid].append((cid, grade))
        classes.append([f"{sid}sfo", "", "", "SFO 1.–4. trinn", "01,02,03,04", "", "SFO-14", "scheduled", "", sid, "", "", "", ""])

    header_users = ["sourcedId", "status", "dateLastModified", "enabledUser", "username", "userIds", "givenName", "familyName", "middleName",
                    "identifier", "email", "sms", "phone", "agentSourcedIds", "grades", "password", "userMasterIdentifier",
                    "resourceSourcedIds", "preferredGivenName", "preferredMiddleName", "preferredFamilyName", "primaryOrgSourcedId", "pronouns"]
    given = ["Kari", "Ola", "Emma", "Nora", "Jakob", "Filip", "Sofie", "Lukas", "Ingrid", "Henrik", "Sara", "Emil"]
    family = ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen", "Berg"]

    guardian_count = 0
    previous_guardians = None
    for p in range(args.pupils):
        school = f"s{p % args.schools}"
        cid, grade = rng.choice(classes_by_school[school])
        pid = f"p{p}"
        # About one pupil in ten is a younger sibling and shares both guardians with the previous pupil.
        if previous_guardians and rng.random() < 0.1:
            guardians = previous_guardians
        else:
            guardians = []
            for _ in range(2):
                gid = f"g{guardian_count}"
                guardian_count += 1
                users.append([gid, "", "", "true", gid, "", rng.choice(given), rng.choice(family), "",
                              synthetic_number(rng, rng.randint(1970, 1992), used), f"{gid}@example.no",
                              f"9{rng.randint(1000000, 9999999)}", "", "", "", "", "", "", "", "", "", "", ""])
                roles.append([f"r{gid}", "", "", gid, "primary", "parent", "", "", school, ""])
                guardians.append(gid)
        previous_guardians = guardians
        users.append([pid, "", "", "true", pid, "", rng.choice(given), rng.choice(family), "",
                      synthetic_number(rng, 2026 - 6 - grade, used), "", "", "", ",".join(guardians), f"{grade:02}", "", "", "", "", "", "", "", ""])
        roles.append([f"r{pid}", "", "", pid, "primary", "student", "", "", school, ""])
        enrollments.append([f"e{pid}", "", "", cid, school, pid, "student", "false", "", ""])
        if grade <= 4 and rng.random() < 0.6:
            enrollments.append([f"e{pid}sfo", "", "", f"{school}sfo", school, pid, "student", "false", "", ""])
        if rng.random() < 0.01:
            pupil_details.append([pid, "Confidential"])

    for s in range(args.schools):
        school = f"s{s}"
        school_classes = classes_by_school[school]
        for t in range(args.staff_per_school):
            tid = f"t{s}_{t}"
            users.append([tid, "", "", "true", f"{tid}@feide.example.no", "", rng.choice(given), rng.choice(family), "", "", f"{tid}@example.no",
                          "", "", "", "", "", "", "", "", "", "", "", ""])
            roles.append([f"r{tid}", "", "", tid, "primary", "teacher", "", "", school, ""])
            if t < len(school_classes):
                enrollments.append([f"e{tid}ct", "", "", school_classes[t][0], school, tid, "teacher", "true", "", ""])
            for k in range(3):
                enrollments.append([f"e{tid}_{k}", "", "", rng.choice(school_classes)[0], school, tid, "teacher", "false", "", ""])

    os.makedirs(args.out, exist_ok=True)
    files = [
        write("orgs.csv", ["sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"], orgs),
        write("classes.csv", ["sourcedId", "status", "dateLastModified", "title", "grades", "courseSourcedId", "classCode", "classType",
                              "location", "schoolSourcedId", "termSourcedIds", "subjects", "subjectCodes", "periods"], classes),
        write("users.csv", header_users, users),
        write("roles.csv", ["sourcedId", "status", "dateLastModified", "userSourcedId", "roleType", "role", "beginDate", "endDate",
                            "orgSourcedId", "userProfileSourcedId"], roles),
        write("enrollments.csv", ["sourcedId", "status", "dateLastModified", "classSourcedId", "schoolSourcedId", "userSourcedId", "role",
                                  "primary", "beginDate", "endDate"], enrollments),
        write("meldebok-pupils.csv", ["studentSourcedId", "protectedAddress"], pupil_details),
    ]
    with zipfile.ZipFile(os.path.join(args.out, "bundle.zip"), "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in files:
            bundle.writestr(name, data)
    pupils = args.pupils
    print(f"{args.schools} schools, {len(classes)} classes, {pupils} pupils, {guardian_count} guardians, "
          f"{args.schools * args.staff_per_school} staff, {len(enrollments)} enrollments -> {os.path.join(args.out, 'bundle.zip')}")


if __name__ == "__main__":
    main()
