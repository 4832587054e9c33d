// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IAssetRevenue} from "./IAssetRevenue.sol";

/// @title Charging assets as security tokens (STO / RWA): investors hold shares of an asset (a group of stations) as
///        ERC-1155 tokens (id = uint256(assetId)) and claim their pro-rata part of the revenue paid into it.
/// @notice Revenue is distributed with the "funds distribution token" scheme (ERC-2222, ERC-1726): a magnified
///         revenue-per-share accumulator grows with each deposit, and each holder's entitlement is
///         `(accumulator * shares + correction) / MAGNITUDE`, where the correction moves with the shares on every
///         transfer so that revenue deposited before a transfer stays with the previous holder. Deposits cost O(1)
///         whatever the number of holders; holders pull what they earned with `claim`.
///
///         Rounding: integer division leaves dust in the contract, never pays out more than was deposited. Per asset,
///         `deposited - claimed - sum(claimable)` is at least 0 and at most the number of addresses that ever held its
///         shares (each entitlement is floored once, losing less than 1 unit), plus `deposits * totalShares / 2^128`
///         for the flooring of the accumulator, which stays below 1 unless an asset sees 2^64 deposits on 2^64 shares.
///         Amounts must stay below 2^127 in total per asset (far above any token supply the platform mints).
contract AssetRegister is ERC1155, AccessControl, ReentrancyGuard, IAssetRevenue {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;
    using SafeCast for int256;

    bytes32 public constant REGISTRAR_ROLE = keccak256("REGISTRAR_ROLE");

    /// @dev Scales the revenue per share so that small deposits over many shares still count (ERC-1726).
    uint256 private constant MAGNITUDE = 2 ** 128;

    struct Asset {
        uint256 totalShares;
        uint256 deposited;
        uint256 magnifiedRevenuePerShare;
    }

    /// @notice The token revenue is paid in: the ChargingToken.
    IERC20 public immutable payoutToken;

    mapping(bytes32 assetId => Asset) private _assets;
    mapping(bytes32 assetId => mapping(address holder => int256)) private _magnifiedCorrections;
    mapping(bytes32 assetId => mapping(address holder => uint256)) private _claimed;

    event AssetRegistered(bytes32 indexed assetId, string[] stationIds, uint256 totalShares);
    event RevenueDeposited(bytes32 indexed assetId, address indexed from, uint256 amount);
    event RevenueClaimed(bytes32 indexed assetId, address indexed holder, uint256 amount);

    error AssetExists(bytes32 assetId);
    error LengthMismatch(uint256 holders, uint256 shares);
    error NoShares(bytes32 assetId);
    error ZeroAmount();
    error NothingToClaim(bytes32 assetId, address holder);

    /// @dev No metadata URI: the register's events and the platform's catalog describe the assets.
    constructor(IERC20 payoutToken_, address admin) ERC1155("") {
        payoutToken = payoutToken_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @notice Issues all the shares of an asset at once, to its initial holders; an asset is registered once and its
    ///         number of shares never changes.
    /// @param stationIds the stations whose revenue the asset earns (published in the event only).
    function registerAsset(
        bytes32 assetId,
        string[] calldata stationIds,
        address[] calldata holders,
        uint256[] calldata shares
    ) external onlyRole(REGISTRAR_ROLE) nonReentrant {
        if (holders.length != shares.length) revert LengthMismatch(holders.length, shares.length);
        Asset storage asset = _assets[assetId];
        if (asset.totalShares != 0) revert AssetExists(assetId);
        uint256 total;
        for (uint256 i = 0; i < shares.length; ++i) total += shares[i];
        if (total == 0) revert NoShares(assetId);
        asset.totalShares = total; // before minting: the receivers' acceptance callbacks see a registered asset
        for (uint256 i = 0; i < holders.length; ++i) {
            if (shares[i] > 0) _mint(holders[i], uint256(assetId), shares[i], "");
        }
        emit AssetRegistered(assetId, stationIds, total);
    }

    /// @inheritdoc IAssetRevenue
    function depositRevenue(bytes32 assetId, uint256 amount) external nonReentrant {
        Asset storage asset = _assets[assetId];
        if (asset.totalShares == 0) revert NoShares(assetId);
        if (amount == 0) revert ZeroAmount();
        asset.magnifiedRevenuePerShare += (amount * MAGNITUDE) / asset.totalShares;
        asset.deposited += amount;
        payoutToken.safeTransferFrom(msg.sender, address(this), amount);
        emit RevenueDeposited(assetId, msg.sender, amount);
    }

    /// @notice Pays the caller everything it earned on the asset and has not claimed yet (pull pattern).
    function claim(bytes32 assetId) external nonReentrant returns (uint256 amount) {
        amount = claimable(assetId, msg.sender);
        if (amount == 0) revert NothingToClaim(assetId, msg.sender);
        _claimed[assetId][msg.sender] += amount; // effects before the transfer
        payoutToken.safeTransfer(msg.sender, amount);
        emit RevenueClaimed(assetId, msg.sender, amount);
    }

    /// @notice What `holder` earned on the asset (while holding shares, even if it holds none now) and not claimed.
    function claimable(bytes32 assetId, address holder) public view returns (uint256) {
        return _earned(assetId, holder) - _claimed[assetId][holder];
    }

    /// @notice What `holder` has claimed so far.
    function claimedBy(bytes32 assetId, address holder) external view returns (uint256) {
        return _claimed[assetId][holder];
    }

    /// @notice Total shares, revenue deposited so far and the magnified accumulator; totalShares 0 when unregistered.
    function assetOf(bytes32 assetId) external view returns (Asset memory) {
        return _assets[assetId];
    }

    function supportsInterface(bytes4 interfaceId) public view override(ERC1155, AccessControl) returns (bool) {
        return super.supportsInterface(interfaceId);
    }

    function _earned(bytes32 assetId, address holder) private view returns (uint256) {
        int256 magnified = (_assets[assetId].magnifiedRevenuePerShare * balanceOf(holder, uint256(assetId))).toInt256();
        return (magnified + _magnifiedCorrections[assetId][holder]).toUint256() / MAGNITUDE;
    }

    /// @dev Every mint and transfer moves the revenue already accrued on the moved shares into the corrections: the
    ///      sender keeps it, the receiver starts from zero. Runs before ERC-1155's acceptance callback.
    function _update(address from, address to, uint256[] memory ids, uint256[] memory values) internal override {
        super._update(from, to, ids, values);
        for (uint256 i = 0; i < ids.length; ++i) {
            bytes32 assetId = bytes32(ids[i]);
            int256 accrued = (_assets[assetId].magnifiedRevenuePerShare * values[i]).toInt256();
            if (from != address(0)) _magnifiedCorrections[assetId][from] += accrued;
            if (to != address(0)) _magnifiedCorrections[assetId][to] -= accrued;
        }
    }
}
