//! AcceptMarketplaceTerms: what subscribing to a product in the AWS Marketplace does.
use crate::error::ApiError;
use crate::world::World;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AcceptMarketplaceTermsRequest {
    product_code: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AcceptMarketplaceTermsResponse {
    product_code: String,
    subscribed: bool,
}

pub fn accept_marketplace_terms(w: &mut World, r: AcceptMarketplaceTermsRequest) -> Result<AcceptMarketplaceTermsResponse, ApiError> {
    let known = w
        .regions
        .values()
        .flat_map(|reg| reg.images.images.values())
        .any(|i| i.product_codes.iter().any(|c| c.id == r.product_code && c.kind == "marketplace"));
    if !known {
        return Err(ApiError::invalid_parameter_value(format!("No AWS Marketplace product has the product code '{}'.", r.product_code)).hint(
            "Product codes are listed in an AMI's ProductCodes (describe_images(Owners=['aws-marketplace'])).",
            "제품 코드는 AMI의 ProductCodes에 있습니다 (describe_images(Owners=['aws-marketplace'])).",
        ));
    }
    w.marketplace.subscribe(&r.product_code);
    Ok(AcceptMarketplaceTermsResponse { product_code: r.product_code, subscribed: true })
}
