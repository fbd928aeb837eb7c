//! AWS Marketplace: an AMI with a `marketplace` product code launches only after the account
//! has accepted the product's terms (subscribed), which happens in the Marketplace, not in EC2.
use super::Image;
use crate::error::ApiError;
use std::collections::BTreeSet;

/// The product codes this account has subscribed to (account-wide, all regions).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subscriptions {
    products: BTreeSet<String>,
}

impl Subscriptions {
    pub fn subscribe(&mut self, product_code: &str) {
        self.products.insert(product_code.to_string());
    }
    pub fn contains(&self, product_code: &str) -> bool {
        self.products.contains(product_code)
    }
    /// Refuses a launch of `image` while one of its Marketplace products is not subscribed.
    pub fn check_launch(&self, image: &Image) -> Result<(), ApiError> {
        match image.product_codes.iter().find(|c| c.kind == "marketplace" && !self.contains(&c.id)) {
            None => Ok(()),
            Some(code) => Err(ApiError::new(
                "OptInRequired",
                format!(
                    "In order to use this AWS Marketplace product you need to accept terms and subscribe. To do so please visit https://aws.amazon.com/marketplace/pp?sku={}",
                    code.id
                ),
            )
            .status(401)
            .hint(
                format!("{} is a Marketplace AMI: its seller charges for the software, so the account must subscribe first. In ec2lab: cloud.client('ec2lab').accept_marketplace_terms(ProductCode='{}').", image.name, code.id),
                format!("{}은(는) 마켓플레이스 AMI로, 판매자가 소프트웨어 요금을 받으므로 먼저 구독해야 합니다. ec2lab에서는 cloud.client('ec2lab').accept_marketplace_terms(ProductCode='{}')를 호출하세요.", image.name, code.id),
            )),
        }
    }
}
