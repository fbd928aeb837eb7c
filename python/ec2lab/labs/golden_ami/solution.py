"""The instructor's solution of the golden-AMI lab."""
from __future__ import annotations

PAGE = b"<h1>golden v1</h1>\n"


def solve(cloud) -> None:
    builder = cloud.run_instance("al2023", "t3.micro", tags={"Name": "builder"}).wait_until_running()
    builder.write_file("/var/www/html/index.html", PAGE)  # on the root volume: the image keeps it
    image = builder.create_image("golden-web-v1").wait_until_available()
    image.launch("t3.micro", count=3, tags={"Name": "web"}).wait_until_running()
    image.copy("ap-northeast-2").wait_until_available()  # CopyImage, called in Seoul
    builder.terminate()
