"""The instructor's solution of the load-balancer lab (the notes' lab: two servers on 8000
behind an internet-facing ALB on 80, ``/books/*`` to a second target group)."""
from __future__ import annotations


def solve(cloud) -> None:
    elbv2 = cloud.client("elbv2")
    vpc = cloud.default_vpc()
    subnets = sorted(vpc.subnets, key=lambda s: s.az)[:2]  # two Availability Zones
    lb_sg = vpc.create_security_group("lb-sg", "HTTP from the internet").allow_inbound(80, "0.0.0.0/0")
    web_sg = vpc.create_security_group("web-sg", "8000 from the load balancer only").allow_inbound(8000, lb_sg)

    def server(name, subnet):
        return cloud.run_instance("al2023", "t3.micro", tags={"Name": name}, SubnetId=subnet.id, SecurityGroupIds=[web_sg.id])

    web = [server("web-1", subnets[0]), server("web-2", subnets[1])]
    books = server("books", subnets[0])
    for i in web + [books]:
        i.wait_until_running()
    for i in web:
        i.serve(8000, {"/health": "ok", "/*": f"web {i.id}"})
    books.serve(8000, {"/health": "ok", "/books/*": "books"})

    def target_group(name):
        return elbv2.create_target_group(Name=name, Protocol="HTTP", Port=8000, VpcId=vpc.id, TargetType="instance",
                                         HealthCheckPath="/health", Matcher={"HttpCode": "200"})["TargetGroups"][0]["TargetGroupArn"]

    web_tg, books_tg = target_group("web"), target_group("books")
    elbv2.register_targets(TargetGroupArn=web_tg, Targets=[{"Id": i.id} for i in web])
    elbv2.register_targets(TargetGroupArn=books_tg, Targets=[{"Id": books.id}])
    lb = elbv2.create_load_balancer(Name="web-alb", Type="application", Scheme="internet-facing", Subnets=[s.id for s in subnets],
                                    SecurityGroups=[lb_sg.id])["LoadBalancers"][0]["LoadBalancerArn"]
    listener = elbv2.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80,
                                     DefaultActions=[{"Type": "forward", "TargetGroupArn": web_tg}])["Listeners"][0]["ListenerArn"]
    elbv2.create_rule(ListenerArn=listener, Priority=10, Conditions=[{"Field": "path-pattern", "Values": ["/books/*"]}],
                      Actions=[{"Type": "forward", "TargetGroupArn": books_tg}])
    cloud.load_balancer("web-alb").wait_until_active()
    cloud.target_group("web").wait_until_healthy()
    cloud.target_group("books").wait_until_healthy()
