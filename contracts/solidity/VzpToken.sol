// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title VZP, the platform's reward token (6 decimals, as vz.rewards.VzpReward says).
/// @notice Minted only by the rewards role, in batches, at most once per batch id: the executor may resend a batch
///         after a crash, and the second call mints nothing (it returns false), so a retry never mints twice.
contract VzpToken is ERC20, AccessControl {
    bytes32 public constant REWARDS_ROLE = keccak256("REWARDS_ROLE");

    mapping(bytes32 batchId => bool) public minted;

    event BatchMinted(bytes32 indexed batchId, uint256 recipients, uint256 total);

    error LengthMismatch(uint256 recipients, uint256 amounts);
    error EmptyBatch(bytes32 batchId);

    constructor(address admin) ERC20("VZ Platform Reward", "VZP") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @return true when this call minted the batch, false when it was minted before.
    function mintBatch(bytes32 batchId, address[] calldata recipients, uint256[] calldata amounts)
        external
        onlyRole(REWARDS_ROLE)
        returns (bool)
    {
        if (recipients.length != amounts.length) revert LengthMismatch(recipients.length, amounts.length);
        if (recipients.length == 0) revert EmptyBatch(batchId);
        if (minted[batchId]) return false;
        minted[batchId] = true;
        uint256 total;
        for (uint256 i = 0; i < recipients.length; ++i) {
            _mint(recipients[i], amounts[i]);
            total += amounts[i];
        }
        emit BatchMinted(batchId, recipients.length, total);
        return true;
    }
}
