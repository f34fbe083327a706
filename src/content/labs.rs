//! The labs a chapter can mount (`::lab name` in the lesson files), with their Vietnamese names.

/// A lab known to the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabInfo {
    /// The name used in `::lab name`.
    pub name: &'static str,
    /// Title shown on the lab panel.
    pub title: &'static str,
    /// One sentence saying what the student does there.
    pub summary: &'static str,
    /// Whether a live view mounts under the panel (from the labs module); an illustration
    /// without one shows its panel text only.
    pub live: bool,
}

/// Every lab, in lesson order.
pub const LABS: &[LabInfo] = &[
    LabInfo {
        name: "progress",
        title: "Tiến độ của bạn",
        summary: "Điểm theo chương và các câu hỏi đã làm, lưu ngay trên trình duyệt.",
        live: true,
    },
    LabInfo {
        name: "cqrs-lag",
        title: "Phòng thí nghiệm: độ trễ đồng bộ CQRS",
        summary: "Đẩy lệnh ghi qua event bus tới projector, xem read model chậm lại, làm hỏng rồi sửa nó.",
        live: true,
    },
    LabInfo {
        name: "hpn-compare",
        title: "Phòng thí nghiệm: một cơ sở dữ liệu hay CQRS",
        summary: "Đổi tốc độ ghi, số dashboard và số dòng, xem mô hình hàng đợi của hai kiến trúc đặt cạnh số liệu của bài học.",
        live: true,
    },
    LabInfo {
        name: "time-travel",
        title: "Phòng thí nghiệm: du hành thời gian",
        summary: "Kéo thanh trượt qua từng phiên bản của tài khoản ACC-001 và xem số dư tại mỗi thời điểm.",
        live: true,
    },
    LabInfo {
        name: "snapshots",
        title: "Phòng thí nghiệm: snapshot",
        summary: "Sinh tới 1.000.000 event, chọn chu kỳ snapshot và đo chi phí replay.",
        live: true,
    },
    LabInfo {
        name: "upcasting",
        title: "Minh hoạ: upcasting",
        summary: "Đọc event phiên bản cũ qua chuỗi upcaster mà không sửa dữ liệu đã lưu.",
        live: false,
    },
    LabInfo {
        name: "crypto-shredding",
        title: "Minh hoạ: crypto-shredding",
        summary: "Xoá khoá của một người dùng và xem dữ liệu cá nhân của họ không còn đọc được.",
        live: false,
    },
    LabInfo {
        name: "mesh",
        title: "Phòng thí nghiệm: service mesh",
        summary: "Cho pod hỏng, xem retry, timeout và outlier detection phản ứng, so với khi không có mesh.",
        live: true,
    },
    LabInfo {
        name: "decision-helper",
        title: "Công cụ chọn pattern",
        summary: "Nhập quy mô đội, số service, tỉ lệ đọc/ghi và nhu cầu audit để xem pattern nào hợp.",
        live: true,
    },
    LabInfo {
        name: "quiz",
        title: "Tình huống và câu hỏi ôn tập",
        summary: "Chọn phương án cho nền tảng e-commerce, rồi tự kiểm tra với các câu hỏi từng chương.",
        live: true,
    },
];

/// Looks a lab up by its name.
pub fn lab(name: &str) -> Option<&'static LabInfo> {
    LABS.iter().find(|l| l.name == name)
}
