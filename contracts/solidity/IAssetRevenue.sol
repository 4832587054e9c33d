// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title What the Escrow needs of the AssetRegister: paying an asset's share of a session's cost to its holders.
interface IAssetRevenue {
    /// @notice Pulls `amount` of the payout token from the caller (approved beforehand) and credits it pro rata to
    ///         the holders of the asset's shares.
    function depositRevenue(bytes32 assetId, uint256 amount) external;
}
