"""Name parts and job titles for generated staff; every name is assembled at random, none is a real person's."""

# Common surnames, roughly by frequency so the mix looks natural.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
COMMON_SURNAMES = "王李张刘陈杨黄赵吴周"

GIVEN_CHARS = (
    "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉兰萍红梅鹏飞婷雪琳晨宇浩然子涵欣怡思远梓轩雨桐"
    "一诺佳豪俊熙嘉怡文博晓东海燕志强建国丹丹亚楠永刚凤琴春梅晓燕德华国庆宏伟慧敏秋菊冬梅立新海涛雅琪"
    "诗雨若曦锦程天佑书瑶明轩家乐梦洁晓彤小龙亮亮斌斌蓉蓉倩倩川川蕾蕾"
)

WINDOW_TITLES = ["综合受理员", "业务受理员", "窗口经办人", "审批服务专员", "导办帮办员", "收件登记员"]
HEAD_TITLE = "科室负责人"
SUPERVISOR_TITLES = ["效能监察员", "效能督查专员", "好差评管理员"]
DIRECTOR_TITLES = ["中心主任", "中心副主任", "交易中心主任"]
ADMIN_TITLE = "系统管理员"

# Mobile prefixes; the rest of the number is random, so the numbers are fake by construction.
PHONE_PREFIXES = ["138", "139", "158", "159", "180", "181", "186", "187", "133", "199"]
