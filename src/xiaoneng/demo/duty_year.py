"""The duty systems' year in the demo district (S1; SPEC E1, E2, E4, E5), as build steps run after the cases and
ratings year: AB posts, leave and proxies, first inquiries and referrals, conduct findings, attendance punches."""

from xiaoneng.demo.attendance_year import add_attendance_year
from xiaoneng.demo.conduct_year import add_conduct_findings
from xiaoneng.demo.duty_posts import add_duty_posts
from xiaoneng.demo.inquiries_year import add_inquiries_year
from xiaoneng.demo.leave_year import add_leave_year

DUTY_STEPS = [add_duty_posts, add_leave_year, add_inquiries_year, add_conduct_findings, add_attendance_year]
