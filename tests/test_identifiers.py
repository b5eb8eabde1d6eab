"""Applicant identifiers as the standards define them: tables of valid and invalid values."""
import pytest

from xiaoneng.kit.identifiers import credit_code_problem, id_number_problem, phone_problem


@pytest.mark.parametrize("value", ["13812345678", "19912345678", "15000000000", "0571-87654321", "010-62345678",
                                   "02885551234", "0571-87654321-123", "0571-87654321转8", "138 1234 5678", ""])
def test_valid_phones(value):
    assert phone_problem(value) is None


@pytest.mark.parametrize("value", ["123abc", "12812345678", "1381234567", "138123456789", "87654321", "0571-0123456",
                                   "0571-87654321-1234567", "+86 13812345678x", "电话"])
def test_invalid_phones_name_the_field(value):
    assert phone_problem(value, label="申请人电话").startswith("申请人电话")


@pytest.mark.parametrize("value", ["11010519491231002X", "11010519491231002x", "510109199001011232",
                                   "440524188001010014", ""])
def test_valid_id_numbers(value):
    assert id_number_problem(value) is None


@pytest.mark.parametrize("value, reason", [
    ("xyz", "18位"), ("110105194912310021", "校验位"), ("11010519491231002", "18位"),
    ("1101051949123100XX", "18位"), ("110105194902300021", "出生日期"), ("110105194913010021", "出生日期"),
])
def test_invalid_id_numbers(value, reason):
    problem = id_number_problem(value, label="申请人身份证号")
    assert problem.startswith("申请人身份证号") and reason in problem


@pytest.mark.parametrize("value", ["91350100M000100Y43", "91110000600037341L", "91110108551385082Q", ""])
def test_valid_credit_codes(value):
    assert credit_code_problem(value) is None


@pytest.mark.parametrize("value, reason", [
    ("91350100M000100Y44", "校验位"), ("91350100M000100Y4", "18位"), ("91350100O000100Y43", "18位"),
    ("xyz", "18位"), ("91110000600037341A", "校验位"),
])
def test_invalid_credit_codes(value, reason):
    problem = credit_code_problem(value, label="统一社会信用代码")
    assert problem.startswith("统一社会信用代码") and reason in problem
