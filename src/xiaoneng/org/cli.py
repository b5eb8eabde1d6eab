import click


@click.group()
def user():
    """用户。"""
