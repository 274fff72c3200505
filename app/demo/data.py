"""Demo records. Names of schools follow the four former units merged into Kẻ Sặt
(DOMAIN.md §6); they are demo data, not an official list."""

SCHOOLS = [
    ("Trường Mầm non Thị trấn Kẻ Sặt", "mam-non-ke-sat", "mam-non"),
    ("Trường Mầm non Vĩnh Hồng", "mam-non-vinh-hong", "mam-non"),
    ("Trường Tiểu học Thị trấn Kẻ Sặt", "tieu-hoc-ke-sat", "tieu-hoc"),
    ("Trường Tiểu học Hùng Thắng", "tieu-hoc-hung-thang", "tieu-hoc"),
    ("Trường Tiểu học Vĩnh Hưng", "tieu-hoc-vinh-hung", "tieu-hoc"),
    ("Trường THCS Vĩnh Hồng", "thcs-vinh-hong", "thcs"),
    ("Trường THCS Thị trấn Kẻ Sặt", "thcs-ke-sat", "thcs"),
    ("Trường THPT Kẻ Sặt", "thpt-ke-sat", "thpt"),
]

SETTINGS = {
    "commune_name": "Kẻ Sặt",
    "city_name": "Hải Phòng",
    "centre_name": "Trung tâm Dịch vụ sự nghiệp công xã Kẻ Sặt",
    "address": "Trụ sở UBND xã Kẻ Sặt, thành phố Hải Phòng",
    "phone": "0220 3 000 000",
    "email": "trungtam@kesat.example",
    "emergency_number": "112",
    "civil_defence_name": "Ban Chỉ huy phòng thủ dân sự xã Kẻ Sặt",
    "civil_defence_phone": "0220 3 000 112",
    "health_station_phone": "0220 3 000 115",
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
]
