import click


@click.command()
def demo():
    """构建演示数据库。"""
