"""Checks of the golden-AMI lab. Images through DescribeImages(Owners=["self"]) in each region,
the fleet through DescribeInstances filtered by image-id, and the page on a fleet instance
through ec2lab ``ReadFile``, in a replayed copy of the cloud (``queries.scratch``: a read marks
blocks as loaded, and a check never changes the cloud it grades)."""
from __future__ import annotations

from ec2lab.grading import check, criteria, failed, partial, passed
from ec2lab.grading import queries as q

TITLE = {"en": "A golden AMI: configure once, launch a fleet, copy to Seoul", "ko": "골든 AMI: 한 번 구성하고, 플릿을 시작하고, 서울로 복사하기"}
SEED = 2030
REGION = "us-east-1"
DOMAIN = "storage"

NAME = "golden-web-v1"
PAGE_PATH = "/var/www/html/index.html"
PAGE = b"<h1>golden v1</h1>\n"
FLEET = 3
SEOUL = "ap-northeast-2"


def _image(cloud, region=None):
    found = q.describe(cloud, "describe_images", "Images", region, Owners=["self"], Filters=[{"Name": "name", "Values": [NAME]}])
    return found[0] if found else None


def _no_image(where="N. Virginia (us-east-1)", ko="버지니아 북부(us-east-1)"):
    return failed(f"You own no image named {NAME} in {where}.", f"{ko}에 {NAME}라는 이름의 내 이미지가 없습니다.")


def _fleet(cloud, image):
    return q.describe(cloud, "describe_instances", "Reservations", Filters=[{"Name": "image-id", "Values": [image["ImageId"]]}, {"Name": "instance-state-name", "Values": ["running"]}])


@check("image", 2, en=f"an available image named {NAME}, yours, in us-east-1", ko=f"us-east-1에 사용 가능한 내 이미지 {NAME}")
def image(cloud):
    img = _image(cloud)
    if img is None:
        return _no_image()
    if img["State"] == "available":
        return passed()
    return partial(0.5, f"{NAME} is {img['State']}, not available.", f"{NAME}이(가) 사용 가능(available)이 아니라 {img['State']} 상태입니다.")


@check("fleet", 3, en=f"a fleet of {FLEET} running instances launched from {NAME}", ko=f"{NAME}로 시작한 실행 중인 인스턴스 {FLEET}대의 플릿")
def fleet(cloud):
    img = _image(cloud)
    if img is None:
        return _no_image()
    n = sum(len(r["Instances"]) for r in _fleet(cloud, img))
    if n == FLEET:
        return passed()
    if n == 0:
        return failed(f"No running instance was launched from {NAME}.", f"{NAME}로 시작한 실행 중인 인스턴스가 없습니다.")
    return partial(min(n, FLEET) / FLEET if n < FLEET else 0.5, f"{n} running instance(s) were launched from {NAME}; the fleet is {FLEET}.", f"{NAME}로 시작한 실행 중인 인스턴스가 {n}대입니다. 플릿은 {FLEET}대입니다.")


@check("configured", 3, en=f"the fleet serves the page: {PAGE_PATH} came with the image", ko=f"플릿이 페이지를 제공: {PAGE_PATH}가 이미지에 들어 있음")
def configured(cloud):
    img = _image(cloud)
    if img is None:
        return _no_image()
    running = [i for r in _fleet(cloud, img) for i in r["Instances"]]
    if not running:
        return failed(f"No running instance from {NAME} to look at.", f"확인할, {NAME}로 시작한 실행 중인 인스턴스가 없습니다.")
    page = q.read_file(q.scratch(cloud), running[0]["InstanceId"], PAGE_PATH)
    if page == PAGE:
        return passed()
    if page is None:
        return failed(f"An instance of the fleet has no {PAGE_PATH}: the image does not hold the configuration.", f"플릿의 인스턴스에 {PAGE_PATH}가 없습니다. 이미지에 구성이 들어 있지 않습니다.")
    return partial(0.5, f"{PAGE_PATH} on the fleet does not have the lab's content.", f"플릿의 {PAGE_PATH} 내용이 실습 내용과 다릅니다.")


@check("seoul", 3, en=f"{NAME} copied to Seoul ({SEOUL}) and available there", ko=f"{NAME}을(를) 서울({SEOUL})로 복사했고 그곳에서 사용 가능")
def seoul(cloud):
    img = _image(cloud)
    copy = _image(cloud, SEOUL)
    if copy is None:
        return _no_image(f"Seoul ({SEOUL})", f"서울({SEOUL})")
    return criteria(
        (True, 1, "", ""),
        (copy["State"] == "available", 1, f"The copy in Seoul is {copy['State']}, not available.", f"서울의 복사본이 사용 가능(available)이 아니라 {copy['State']} 상태입니다."),
        (img is not None and copy.get("SourceImageId") == img["ImageId"], 1, f"The image in Seoul is not a copy of {NAME} from us-east-1.", f"서울의 이미지는 us-east-1의 {NAME}을(를) 복사한 것이 아닙니다."),
    )


CHECKS = [image, fleet, configured, seoul]
