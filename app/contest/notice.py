"""The personal-data notice a new contest starts from (SPEC §3.3, DOMAIN.md §0 and §5): the
controller, what is collected, one purpose per consent, who sees what, how long it is kept,
and the entrant's rights under Law 91/2025/QH15 and Decree 356/2025/NĐ-CP. Staff adapt it in
the contest's set-up; a changed notice gets a new version (operations.save_contest)."""
from __future__ import annotations

TEMPLATE = """**Bên kiểm soát dữ liệu cá nhân:** {contact}

**Dữ liệu được thu thập:** họ và tên người dự thi, hoặc tên nhóm và các thành viên; số điện thoại; thư điện tử (không bắt buộc); thôn hoặc khu dân cư; nội dung, hình ảnh và tệp đính kèm của bài dự thi.

**Mục đích xử lý.** Mỗi mục đích được hỏi riêng; các ô đồng ý không được đánh dấu sẵn, và không đánh dấu nghĩa là không đồng ý.

1. **Chấm thi:** Trung tâm và Ban giám khảo dùng bài dự thi và thông tin liên hệ để sơ loại, chấm điểm và báo kết quả. Nếu không đồng ý mục này, bài không thể được chấm.
2. **Công bố tên nếu đạt giải:** họ tên hoặc tên nhóm và thôn được đăng cùng bài đạt giải trên cổng thông tin và bảng tin của xã; bài có thể được đưa vào thư viện sáng kiến công khai. Nếu không đồng ý, bài vẫn được chấm và trao giải nhưng không công bố tên.
3. **Liên hệ về sau:** Trung tâm có thể gọi điện hoặc gửi thư mời người dự thi chia sẻ, nhân rộng sáng kiến sau cuộc thi.

**Ai được xem:** cán bộ Trung tâm phụ trách cuộc thi và các thành viên Ban giám khảo được phân công. Số điện thoại và thư điện tử không bao giờ được công khai và chỉ hiện đầy đủ cho cán bộ Trung tâm. Dữ liệu không được chuyển cho bên thứ ba và không dùng để quảng cáo.

**Thời gian lưu:** {retention_text} Hết thời hạn này, họ tên, số điện thoại và thư điện tử bị xóa; bài dự thi và điểm chấm được giữ lại ở dạng không còn gắn với người dự thi để lưu hồ sơ cuộc thi.

**Quyền của người dự thi.** Theo Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 và Nghị định số 356/2025/NĐ-CP của Chính phủ quy định chi tiết Luật này, người dự thi có quyền:

- được biết về việc xử lý dữ liệu cá nhân của mình;
- đồng ý hoặc không đồng ý với từng mục đích xử lý;
- xem và yêu cầu chỉnh sửa dữ liệu của mình;
- rút lại sự đồng ý;
- yêu cầu xóa dữ liệu;
- yêu cầu hạn chế xử lý dữ liệu;
- yêu cầu được cung cấp dữ liệu của mình;
- phản đối việc xử lý dữ liệu;
- khiếu nại, tố cáo, khởi kiện;
- yêu cầu bồi thường thiệt hại;
- tự bảo vệ theo quy định của pháp luật.

Rút lại sự đồng ý không làm mất hiệu lực của việc xử lý đã làm trước đó. Các quyền được thực hiện theo điều kiện và thời hạn do pháp luật quy định.

**Cách thực hiện:** trên trang tra cứu của cuộc thi, nhập mã bài và 4 số cuối của số điện thoại để rút bài hoặc đề nghị xóa thông tin cá nhân; với các yêu cầu khác, liên hệ Trung tâm theo địa chỉ trên. Nếu cho rằng quyền của mình bị xâm phạm, người dự thi có thể khiếu nại đến Trung tâm hoặc đến cơ quan chuyên trách bảo vệ dữ liệu cá nhân thuộc Bộ Công an.

**Phiên bản {version}**{applies}.
"""


def default_notice(*, centre: str, address: str = "", phone: str = "", email: str = "",
                   retention_days: int = 365, version: str = "1", applies_from: str = "") -> str:
    """The notice in Vietnamese, with the centre's contacts from the site settings."""
    contact = ", ".join(part for part in (centre, address) if part) + "."
    if phone:
        contact += f" Điện thoại: {phone}."
    if email:
        contact += f" Thư điện tử: {email}."
    return TEMPLATE.format(
        contact=contact, version=version,
        retention_text=f"{retention_days} ngày kể từ ngày công bố kết quả.",
        applies=f", áp dụng từ ngày {applies_from}" if applies_from else "")
