from django.core.management.base import BaseCommand

from evaluations.demo.loader import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "载入演示数据：长沙市天心区政务服务中心 2018 年度自评报告（原文照录）、一个虚构部门和演示账号。可重复运行。"

    def handle(self, *args, **options):
        accounts = load_demo()
        self.stdout.write(self.style.SUCCESS("演示数据已载入（重复运行不会改变任何数据）。"))
        self.stdout.write(f"演示账号（仅供演示，切勿用于生产环境），密码均为 {DEMO_PASSWORD}：")
        for username, role in accounts.items():
            self.stdout.write(f"  {username:<9} {role}")
