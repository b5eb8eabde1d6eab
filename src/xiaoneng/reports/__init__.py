"""政务服务月报 and the annual report (G1): figures of a center's month or year, findings, DOCX, PDF and XLSX."""
