"""Demo records. The schools are those of the commune's own levels (mầm non, tiểu học,
THCS; upper-secondary schools are the city's, not the commune's), one or more in each of the
four former units merged into xã Kẻ Sặt on 1/7/2025 (DOMAIN.md §6). The former town, written
"thị trấn Kẻ Sặt (cũ)", no longer exists, so its schools are named after the commune; the others
keep the names of their former communes, as schools usually do. They are demo data, not an
official list: principals, phone numbers and pupil counts are invented, and e-mails use
example.vn.

Demo phone numbers. Vietnam publishes no range of numbers reserved for fiction (as Ofcom does
for British drama), and every number the app accepts must pass app.web.validators.
VietnamesePhone, so it must fall in a range that libphonenumber accepts. The demo therefore
uses placeholders nobody reads as a real contact: all zeros but a two-digit serial, landlines
"0220 3000 0NN" and mobiles "0900 000 0NN" (contest_demo.py). tests/content/test_wording.py
keeps every demo number in these shapes. The real national numbers 112 (incidents and
disasters), 113 (police), 114 (fire and rescue) and 115 (ambulance) are used as themselves."""

# (name, slug, level). Slugs stay stable: accounts and links use them.
SCHOOLS = [
    ("Trường Mầm non Kẻ Sặt", "mam-non-ke-sat", "mam-non"),
    ("Trường Tiểu học Hùng Thắng", "tieu-hoc-hung-thang", "tieu-hoc"),
    ("Trường Tiểu học Vĩnh Hưng", "tieu-hoc-vinh-hung", "tieu-hoc"),
    ("Trường THCS Kẻ Sặt", "thcs-ke-sat", "thcs"),
    ("Trường THCS Vĩnh Hồng", "thcs-vinh-hong", "thcs"),
]

# Names an earlier demo load gave; a load renames a school still carrying one of them.
OLD_NAMES = {
    "Trường Mầm non Thị trấn Kẻ Sặt": "Trường Mầm non Kẻ Sặt",
    "Trường THCS Thị trấn Kẻ Sặt": "Trường THCS Kẻ Sặt",
    "Trường Tiểu học Thị trấn Kẻ Sặt": "Trường Tiểu học Kẻ Sặt",
}

# The registry details (SchoolProfile) by slug. Hamlets and areas are those of
# content/areas.yaml; the full list of thôn is not known yet.
PROFILES = {
    "mam-non-ke-sat": dict(
        address="Khu vực thị trấn Kẻ Sặt (cũ), xã Kẻ Sặt, thành phố Hải Phòng",
        hamlet="Khu vực thị trấn Kẻ Sặt (cũ)", principal="Đỗ Thị Thanh Huyền",
        phone="0220 3000 011", email="mamnon.kesat@example.vn", pupils=312),
    "tieu-hoc-hung-thang": dict(
        address="Thôn Hòa Ché, xã Kẻ Sặt, thành phố Hải Phòng",
        hamlet="Thôn Hòa Ché", principal="Phạm Văn Khải",
        phone="0220 3000 012", email="tieuhoc.hungthang@example.vn", pupils=486),
    "tieu-hoc-vinh-hung": dict(
        address="Khu vực xã Vĩnh Hưng (cũ), xã Kẻ Sặt, thành phố Hải Phòng",
        hamlet="Khu vực xã Vĩnh Hưng (cũ)", principal="Nguyễn Thị Minh Nguyệt",
        phone="0220 3000 013", email="tieuhoc.vinhhung@example.vn", pupils=418),
    "thcs-ke-sat": dict(
        address="Khu vực thị trấn Kẻ Sặt (cũ), xã Kẻ Sặt, thành phố Hải Phòng",
        hamlet="Khu vực thị trấn Kẻ Sặt (cũ)", principal="Vũ Quang Trung",
        phone="0220 3000 014", email="thcs.kesat@example.vn", pupils=628),
    "thcs-vinh-hong": dict(
        address="Thôn Phụng Viện, xã Kẻ Sặt, thành phố Hải Phòng",
        hamlet="Thôn Phụng Viện", principal="Trần Đức Mạnh",
        phone="0220 3000 015", email="thcs.vinhhong@example.vn", pupils=534),
}

SETTINGS = {
    "commune_name": "Kẻ Sặt",
    "city_name": "Hải Phòng",
    "centre_name": "Trung tâm Dịch vụ sự nghiệp công xã Kẻ Sặt",
    "address": "Trụ sở UBND xã Kẻ Sặt, thành phố Hải Phòng",
    "phone": "0220 3000 001",
    "email": "trungtam@kesat.example",
    "emergency_number": "112",
    "civil_defence_name": "Ban Chỉ huy phòng thủ dân sự xã Kẻ Sặt",
    "civil_defence_phone": "0220 3000 002",
    "health_station_phone": "0220 3000 003",
}

# Settings an earlier demo load stored (numbers ending like 112 and 115, easy to misdial); a load
# replaces a setting still holding one of them, never a value an admin typed.
OLD_SETTINGS = {
    "phone": "0220 3000 000",
    "civil_defence_phone": "0220 3000 112",
    "health_station_phone": "0220 3000 115",
}

# (email, role, display name, school slug). The three judges sit on the demo contests
# (contest_demo.py): two on whole contests, the third on the schools' category only.
ACCOUNTS = [
    ("quantri@kesat.example", "admin", "Nguyễn Văn Quản", None),
    ("bientap@kesat.example", "editor", "Trần Thị Biên", None),
    ("giamkhao@kesat.example", "judge", "Phạm Minh Khảo", None),
    ("giamkhao.nongnghiep@kesat.example", "judge", "Nguyễn Thị Thu Hà", None),
    ("giamkhao.truonghoc@kesat.example", "judge", "Vũ Đức Thành", None),
    ("thcs-vinh-hong@kesat.example", "school", "Lê Thị Hồng", "thcs-vinh-hong"),
    ("thcs-ke-sat@kesat.example", "school", "Hoàng Thị Mai Anh", "thcs-ke-sat"),
]
