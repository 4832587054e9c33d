// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IAssetRevenue} from "./IAssetRevenue.sol";

/// @title Pre-paid charging with escrow (Share&Charge): a driver locks up to a maximum for a session (or the platform
///        locks it for the driver, from an allowance the driver gave the Escrow, like a card pre-authorisation); the
///        settler pays the cost out in splits and the asset's investors' part to the AssetRegister, and refunds the
///        rest, in one transaction; an unsettled lock goes back to its driver after its timeout, sent by anyone. Every
///        lock is closed once; what comes in always equals what goes out.
/// @notice The platform matches a lock to the charging session it pays for by charger and idTag (both in `Locked`):
///         the session's reference is only known once the charger starts it. On the demo chain the idTag is a
///         platform-issued token id, not an RFID card's UID; production would use a pseudonymous tag, since whatever
///         is written here is public forever.
contract Escrow is AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;

    bytes32 public constant SETTLER_ROLE = keccak256("SETTLER_ROLE");
    /// @notice May lock a driver's approved tokens for the driver (`lockFor`): the platform's central system, when a
    ///         charger asks to authorise a prepaid token.
    bytes32 public constant LOCKER_ROLE = keccak256("LOCKER_ROLE");

    /// @dev driver, expiresAt and closed share one storage slot, amount takes the second.
    struct Lock {
        address driver;
        uint64 expiresAt;
        bool closed;
        uint256 amount;
    }

    struct Split {
        address payee;
        uint256 amount;
    }

    IERC20 public immutable token;
    IAssetRevenue public immutable assetRegister;
    mapping(bytes32 sessionRef => Lock) private _locks;

    event Locked(
        bytes32 indexed sessionRef,
        address indexed driver,
        string chargerId,
        string idTag,
        uint256 amount,
        uint64 expiresAt
    );
    event Settled(
        bytes32 indexed sessionRef,
        address indexed driver,
        uint256 locked,
        uint256 cost,
        uint256 refunded,
        bytes32 assetId,
        uint256 assetRevenue
    );
    event Refunded(bytes32 indexed sessionRef, address indexed driver, uint256 amount);

    error LockExists(bytes32 sessionRef);
    error NoLock(bytes32 sessionRef);
    error AlreadyClosed(bytes32 sessionRef);
    error ZeroAmount();
    error CostExceedsLock(uint256 cost, uint256 locked);
    error SplitsDoNotAddUp(uint256 splitsAndAssetRevenue, uint256 cost);
    error NotExpired(uint64 expiresAt);
    error InvalidDriver();

    constructor(IERC20 token_, IAssetRevenue assetRegister_, address admin) {
        token = token_;
        assetRegister = assetRegister_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @notice Locks `amount` of the caller's tokens (approved to this contract) for a session the caller is about to
    ///         start at `chargerId` with `idTag`; refundable to the caller after `timeoutSeconds` if nobody settled it.
    function lock(
        bytes32 sessionRef,
        string calldata chargerId,
        string calldata idTag,
        uint256 amount,
        uint64 timeoutSeconds
    ) external nonReentrant {
        _lock(sessionRef, msg.sender, chargerId, idTag, amount, timeoutSeconds);
    }

    /// @notice The locker role locks `amount` of `driver`'s tokens, which the driver approved to this contract
    ///         beforehand, for a session at `chargerId` with `idTag`; the lock is the driver's exactly as if the driver
    ///         had called `lock` (same `Locked` event, refunded to the driver). Too small a balance or allowance
    ///         reverts with the token's `ERC20InsufficientBalance` / `ERC20InsufficientAllowance`.
    function lockFor(
        bytes32 sessionRef,
        address driver,
        string calldata chargerId,
        string calldata idTag,
        uint256 amount,
        uint64 timeoutSeconds
    ) external onlyRole(LOCKER_ROLE) nonReentrant {
        if (driver == address(0)) revert InvalidDriver();
        _lock(sessionRef, driver, chargerId, idTag, amount, timeoutSeconds);
    }

    /// @notice Pays `cost` out: `splits` (CPO, MSP, platform...) and `assetRevenue` to the holders of `assetId` through
    ///         the AssetRegister must add up to it; the rest of the lock goes back to the driver.
    /// @param assetId ignored when `assetRevenue` is 0 (a station that belongs to no asset).
    function settle(
        bytes32 sessionRef,
        uint256 cost,
        Split[] calldata splits,
        bytes32 assetId,
        uint256 assetRevenue
    ) external onlyRole(SETTLER_ROLE) nonReentrant {
        Lock storage held = _open(sessionRef);
        uint256 locked = held.amount;
        if (cost > locked) revert CostExceedsLock(cost, locked);
        uint256 total = assetRevenue;
        for (uint256 i = 0; i < splits.length; ++i) total += splits[i].amount;
        if (total != cost) revert SplitsDoNotAddUp(total, cost);
        held.closed = true; // effects before interactions
        address driver = held.driver;
        for (uint256 i = 0; i < splits.length; ++i) {
            if (splits[i].amount > 0) token.safeTransfer(splits[i].payee, splits[i].amount);
        }
        if (assetRevenue > 0) {
            // The register pulls exactly this much; forceApprove also copes with tokens that refuse to change a
            // non-zero allowance (USDT-style), should the payout token ever be one.
            token.forceApprove(address(assetRegister), assetRevenue);
            assetRegister.depositRevenue(assetId, assetRevenue);
        }
        uint256 refund = locked - cost;
        if (refund > 0) token.safeTransfer(driver, refund);
        emit Settled(sessionRef, driver, locked, cost, refund, assetId, assetRevenue);
    }

    /// @notice Gives a lock nobody settled before it expired back to its driver. Anyone may send it (the driver, or
    ///         the platform returning an abandoned lock): the funds only ever go to the lock's driver.
    function refundExpired(bytes32 sessionRef) external nonReentrant {
        Lock storage held = _open(sessionRef);
        if (block.timestamp < held.expiresAt) revert NotExpired(held.expiresAt);
        held.closed = true;
        token.safeTransfer(held.driver, held.amount);
        emit Refunded(sessionRef, held.driver, held.amount);
    }

    /// @notice The lock of a session (driver 0 when there is none); `closed` tells the executor a settlement or refund
    ///         already happened, so a resent settlement is recognised by its natural key.
    function lockOf(bytes32 sessionRef) external view returns (Lock memory) {
        return _locks[sessionRef];
    }

    function _lock(
        bytes32 sessionRef,
        address driver,
        string calldata chargerId,
        string calldata idTag,
        uint256 amount,
        uint64 timeoutSeconds
    ) private {
        if (_locks[sessionRef].driver != address(0)) revert LockExists(sessionRef);
        if (amount == 0) revert ZeroAmount();
        uint64 expiresAt = uint64(block.timestamp) + timeoutSeconds;
        _locks[sessionRef] = Lock(driver, expiresAt, false, amount);
        token.safeTransferFrom(driver, address(this), amount);
        emit Locked(sessionRef, driver, chargerId, idTag, amount, expiresAt);
    }

    function _open(bytes32 sessionRef) private view returns (Lock storage held) {
        held = _locks[sessionRef];
        if (held.driver == address(0)) revert NoLock(sessionRef);
        if (held.closed) revert AlreadyClosed(sessionRef);
    }
}
